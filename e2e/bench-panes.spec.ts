import { expect, test, type Page } from '@playwright/test';

/**
 * The bench on a phone shows one pane at a time (Editor, Cluster, Terminal, Logs) and keeps
 * each pane's state across switches; the logs can fill the bench, be filtered, and give the
 * bench back with Escape.
 */

const LOGGER = "kubectl run logger --image=busybox:1.36 -- sh -c 'for i in 1 2 3 4 5 6; do echo line $i; done; echo error: disk full; sleep 3600'";

async function openBench(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  if (theme === 'dark') await page.addInitScript(() => localStorage.setItem('kubelab-theme', 'dark'));
  await page.goto('/learn/module-05/jobs');
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 30_000 });
}

async function typeLine(page: Page, line: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const g = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(g.scrollWidth).toBeLessThanOrEqual(g.clientWidth);
}

for (const theme of ['light', 'dark'] as const) {
  test(`on a 390 px phone (${theme}) the bench shows one pane at a time and keeps each pane's state`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await openBench(page, theme);
    const panes = page.getByRole('tablist', { name: 'Bench panes' });
    await expect(panes.getByRole('tab')).toHaveText(['Editor', 'Cluster', 'Terminal', 'Logs']);
    await expect(panes.getByRole('tab', { name: 'Editor' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('[data-testid=yaml-editor]')).toBeVisible({ timeout: 20_000 });
    await panes.getByRole('tab', { name: 'Cluster' }).click();
    await expect(page.getByRole('region', { name: 'Node worker-3' })).toBeVisible();
    await expect(page.locator('[data-testid=yaml-editor]')).toBeHidden();

    await panes.getByRole('tab', { name: 'Terminal' }).click();
    await expect(page.getByRole('region', { name: 'Node worker-3' })).toHaveCount(0);
    await typeLine(page, LOGGER);
    await expect(page.getByTestId('terminal')).toContainText('pod/logger created', { timeout: 20_000 });
    // A phone's keyboard has no Ctrl: the key row under the terminal stops get -w.
    await typeLine(page, 'kubectl get pods -w');
    await expect(page.getByTestId('terminal')).toContainText('STATUS', { timeout: 20_000 });
    await page.getByRole('toolbar', { name: 'Terminal keys' }).getByRole('button', { name: 'Ctrl+C' }).click();
    await typeLine(page, 'echo kept-$((6*7))');
    await expect(page.getByTestId('terminal')).toContainText('kept-42');

    await panes.getByRole('tab', { name: 'Editor' }).click();
    await expect(page.locator('[data-testid=yaml-editor]')).toBeVisible();
    await expect(page.getByTestId('terminal')).toBeHidden();

    // Picked while the switcher sticks under the header (the page scrolled past the bench's top),
    // a pane still shows from its start.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await panes.getByRole('tab', { name: 'Logs' }).click();
    const log = page.getByLabel('Log output');
    await expect(page.getByRole('combobox', { name: 'Pod' })).toBeInViewport();
    await page.getByRole('combobox', { name: 'Pod' }).selectOption('logger');
    await expect(log).toContainText('error: disk full', { timeout: 30_000 });

    // Back and forth: the terminal still shows its output, the logs still show the chosen pod.
    await panes.getByRole('tab', { name: 'Terminal' }).click();
    await expect(page.getByTestId('terminal')).toContainText('kept-42');
    await panes.getByRole('tab', { name: 'Logs' }).click();
    await expect(page.getByRole('combobox', { name: 'Pod' })).toHaveValue('logger');
    await expect(log).toContainText('error: disk full');

    // Focus mode: the logs fill the bench, which fits the screen; the filter keeps matching lines.
    await page.getByRole('button', { name: 'Focus logs' }).click();
    await page.getByLabel('Filter log lines').fill('ERROR');
    await expect(page.getByText('1 of 7 lines')).toBeVisible();
    await expect(log).toContainText('error: disk full');
    await expect(log).not.toContainText('line 1');
    const bench = page.getByRole('complementary', { name: 'Lab bench' });
    const box = (await bench.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(844);
    await expect(bench).toBeInViewport({ ratio: 0.95 });
    await noSidewaysScroll(page);
    await page.screenshot({ path: test.info().outputPath(`bench-logs-focus-390-${theme}.png`) });

    // Escape clears the filter, then gives the bench back.
    await page.keyboard.press('Escape');
    await expect(log).toContainText('line 1');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'Focus logs' })).toBeVisible();
    await noSidewaysScroll(page);
  });
}

test('beside the lesson, focus mode lets the terminal fill the bench and Exit focus brings the editor back', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openBench(page, 'light');
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(page.getByTestId('terminal').locator('.xterm-screen')).toBeVisible({ timeout: 20_000 });
  // At the foot of the bench, below the fold: picking the tab brings the whole terminal into sight.
  await expect(page.getByTestId('terminal')).toBeInViewport({ ratio: 1 });
  const before = (await page.getByTestId('terminal').boundingBox())!.height;
  await page.getByRole('button', { name: 'Focus terminal' }).click();
  await expect(page.locator('[data-testid=yaml-editor]')).toBeHidden();
  await expect.poll(async () => (await page.getByTestId('terminal').boundingBox())!.height).toBeGreaterThan(before + 200);
  const bench = (await page.getByRole('complementary', { name: 'Lab bench' }).boundingBox())!;
  expect(bench.y + bench.height).toBeLessThanOrEqual(800);
  await page.screenshot({ path: test.info().outputPath('bench-terminal-focus-1280.png') });
  await page.getByRole('button', { name: 'Exit focus' }).click();
  await expect(page.locator('[data-testid=yaml-editor]')).toBeVisible();
  // A real keyboard is there: no row of touch keys.
  await expect(page.getByRole('toolbar', { name: 'Terminal keys' })).toBeHidden();
});
