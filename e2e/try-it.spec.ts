import { expect, test, type Page } from '@playwright/test';

async function openLesson(page: Page, lesson: string): Promise<void> {
  await page.goto(`/learn/module-05/${lesson}`);
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 20_000 });
  await page.waitForFunction(() => Boolean((window as unknown as { __kubelabEditor?: unknown }).__kubelabEditor));
}

test('a DaemonSet Try-it: load the manifest into the editor, commit a prediction, apply, and see the count beside it', async ({ page }) => {
  await openLesson(page, 'daemonsets');
  const block = page.getByRole('region', { name: 'Count the agents' });
  const apply = block.getByRole('button', { name: 'Apply the example', exact: true });
  await expect(apply).toBeDisabled();

  await block.getByRole('button', { name: 'Load into the editor' }).click();
  const editorText = await page.evaluate(() => (window as unknown as { __kubelabEditor: { getValue(): string } }).__kubelabEditor.getValue());
  expect(editorText).toContain('name: node-agent');

  // A wrong guess on purpose: the control-plane taint keeps the count at 3.
  await block.getByRole('radio', { name: '4', exact: true }).check();
  await apply.click();
  await expect(block.getByRole('list', { name: 'Try-it apply results' })).toContainText('daemonset.apps/node-agent created');
  await expect(block.getByRole('radio', { name: '3', exact: true })).toBeDisabled();

  const verdict = block.getByTestId('tryit-verdict');
  await expect(verdict).toBeVisible({ timeout: 30_000 });
  await expect(verdict).toHaveAttribute('data-right', 'false');
  await expect(verdict).toContainText('You predicted4');
  await expect(verdict).toContainText('Your cluster3');
  await expect(verdict).toContainText('3 pods, on worker-1, worker-2, worker-3');

  await block.getByRole('button', { name: 'Clean up for me' }).click();
  await expect(block.getByRole('status').filter({ hasText: 'deleted' })).toContainText('daemonset.apps/node-agent deleted');
});

test('a Job Try-it uses the clock shortcut, and a right prediction is confirmed once the Job has failed', async ({ page }) => {
  await openLesson(page, 'jobs');
  const block = page.getByRole('region', { name: 'Count the failures' });
  await block.getByRole('radio', { name: '3', exact: true }).check();
  await block.getByRole('button', { name: 'Apply the example', exact: true }).click();
  await expect(block.getByTestId('tryit-watching')).toBeVisible();
  // The back-offs (10 s, then 20 s) pass in one skip instead of half a minute of waiting.
  await block.getByRole('button', { name: 'Skip 60 s ahead' }).click();
  const verdict = block.getByTestId('tryit-verdict');
  await expect(verdict).toBeVisible({ timeout: 30_000 });
  await expect(verdict).toHaveAttribute('data-right', 'true');
  await expect(verdict).toContainText('Failed (BackoffLimitExceeded): 0 succeeded, 3 failed.');
  await block.getByRole('button', { name: 'Clean up for me' }).click();
  await expect(block.getByRole('status').filter({ hasText: 'deleted' })).toContainText('job.batch/tryit-flaky deleted');
});
