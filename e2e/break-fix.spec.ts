import { expect, test } from '@playwright/test';

test('a break-and-fix lab loads its broken pod, the goal says why it is Pending, and the fix from the bench editor ticks it and opens the debrief', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/learn/module-05/break-and-fix-labs');
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 20_000 });
  await page.waitForFunction(() => Boolean((window as unknown as { __kubelabEditor?: unknown }).__kubelabEditor));

  const lab = page.getByRole('region', { name: 'Break and fix: The snapshot pod that never starts' });
  await expect(lab.getByTestId('break-fix-status')).toHaveText('Not loaded');
  await lab.getByRole('button', { name: 'Load the broken cluster' }).click();
  await expect(lab.getByRole('list', { name: 'Loaded objects' })).toHaveText('pod/etcd-snapshot created');
  await expect(lab.getByTestId('break-fix-status')).toHaveText('Broken: goal not reached');
  await expect(lab.getByTestId('goal-result')).toContainText(/Not yet: etcd-snapshot is Pending with no node: 0\/4 nodes are available: .*untolerated taint/, { timeout: 20_000 });

  await lab.getByRole('button', { name: 'First hint (of 4)' }).click();
  await expect(lab.getByRole('region', { name: 'Hints' })).toContainText('kubectl get pod etcd-snapshot -o wide');

  // The learner's repair: the broken manifest in the bench editor, with a toleration added, applied.
  await lab.getByRole('button', { name: 'Open the broken YAML in the editor' }).click();
  await page.evaluate(() => {
    const editor = (window as unknown as { __kubelabEditor: { getValue(): string; setValue(t: string): void } }).__kubelabEditor;
    editor.setValue(editor.getValue().replace('  containers:', '  tolerations:\n    - key: node-role.kubernetes.io/control-plane\n      operator: Exists\n      effect: NoSchedule\n  containers:'));
  });
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText('pod/etcd-snapshot');

  await expect(lab.getByTestId('break-fix-status')).toHaveText('✓ Fixed', { timeout: 45_000 });
  await expect(lab.getByTestId('goal-result')).toHaveText('Goal reached. etcd-snapshot is Running on control-plane');
  const debrief = lab.getByRole('region', { name: 'Debrief' });
  await expect(debrief).toContainText('A nodeSelector attracts a pod to nodes; it does not grant entry.');
  await expect(debrief.getByRole('link', { name: 'Troubleshooting tree: any pod stuck in Pending' })).toHaveAttribute('href', '/learn/module-05/troubleshooting#the-diagnostic-tree');
});

test('loading a lab again removes the earlier copy first and breaks it again', async ({ page }) => {
  await page.goto('/learn/module-05/break-and-fix-labs');
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 20_000 });
  const lab = page.getByRole('region', { name: 'Break and fix: The shop that waits forever for its database' });
  await lab.getByRole('button', { name: 'Load the broken cluster' }).click();
  await expect(lab.getByRole('list', { name: 'Loaded objects' })).toContainText('service/orders-db created');
  await lab.getByRole('button', { name: 'Load the broken cluster again' }).click();
  await expect(lab.getByText('Removed the earlier copy (deployment/orders-db, service/orders-db, pod/shop-web), then loaded:')).toBeVisible();
  await expect(lab.getByTestId('goal-result')).toContainText('Service orders-db selects app=orders-database, which matches no Ready pod', { timeout: 30_000 });
});
