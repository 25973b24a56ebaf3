import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// The server writes its instructor token into its data directory (playwright.config.ts's webServer).
const tokenFile = path.join('.data', 'e2e', 'instructor-token');

test('the instructor link opens a class overview that shows a learner by the name they chose, and nobody else gets in', async ({ page, browser }) => {
  await page.goto('/learn/module-05/progress');
  const name = `Ada ${Date.now().toString(36)}`;
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved: your instructor sees you as ${name}.`);
  expect((await page.request.post('/api/progress', { data: { lesson: 'jobs' } })).ok()).toBe(true);

  // A learner is not an instructor, and a wrong token is refused.
  await page.goto('/instructor');
  await expect(page.getByText('This page is for the instructor.')).toBeVisible();
  expect((await page.request.get('/instructor/enter?token=not-the-token-at-all')).status()).toBe(403);

  const instructor = await browser.newContext();
  const teacher = await instructor.newPage();
  const token = fs.readFileSync(tokenFile, 'utf8').trim();
  await teacher.goto(`/instructor/enter?token=${token}`);
  await expect(teacher).toHaveURL(/\/instructor$/);
  await expect(teacher.getByRole('heading', { name: 'Class overview' })).toBeVisible();
  const row = teacher.getByRole('row').filter({ has: teacher.getByRole('rowheader', { name }) });
  // One lesson read of the module's lessons (their count grows with the content).
  await expect(row.getByRole('cell').nth(1)).toHaveText(/^1 \/ \d+$/);
  await expect(row).toContainText('Ex 5.3 0/4');
  await instructor.close();
});
