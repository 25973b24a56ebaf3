import { expect, test, type Page } from '@playwright/test';

const WEB = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
`;

async function setEditor(page: Page, text: string): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { __kubelabEditor?: unknown }).__kubelabEditor));
  await page.evaluate((t) => (window as unknown as { __kubelabEditor: { setValue(v: string): void } }).__kubelabEditor.setValue(t), text);
}

test('a running pod\'s declared port opens in a new tab through the portal, showing what the pod serves', async ({ page, context }) => {
  await page.goto('/learn/module-05/daemonsets');
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 20_000 });
  await setEditor(page, WEB);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const link = page.getByRole('link', { name: ':80 ↗' });
  await expect(link).toBeVisible({ timeout: 20_000 });
  await expect(link).toHaveAttribute('href', '/api/lab/forward/web:80/');
  await expect(link).toHaveAttribute('target', '_blank');
  await page.screenshot({ path: test.info().outputPath('node-board-port-link.png') });
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tab.waitForLoadState();
  await expect(tab.getByRole('heading', { name: 'Welcome to nginx!' })).toBeVisible();
  await tab.screenshot({ path: test.info().outputPath('forwarded-nginx.png') });
});
