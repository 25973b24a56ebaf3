import { test, expect } from '@playwright/test';

test('the home page answers', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('Kubelab')).toBeVisible();
});
