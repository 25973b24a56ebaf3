import { expect, test, type Page } from '@playwright/test';

/** The bench's Monaco editor, as far as this test uses it. */
interface Editor {
  getValue(): string;
  setValue(text: string): void;
  getPosition(): { lineNumber: number; column: number } | null;
  hasTextFocus(): boolean;
}

/** Replaces text in the editor (typing into Monaco from a test is lossy) and returns the line of `mark`. */
async function editAndFind(page: Page, from: string, to: string, mark: string): Promise<number> {
  return page.evaluate(
    ([a, b, m]) => {
      const ed = (window as unknown as { __kubelabEditor: Editor }).__kubelabEditor;
      const text = ed.getValue().replace(a, b);
      ed.setValue(text);
      return text.split('\n').findIndex((l) => l.includes(m)) + 1;
    },
    [from, to, mark] as const,
  );
}

test('a failing step points at the line of the learner\'s manifest that causes it, and the button puts the editor\'s cursor on that line', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/learn/module-05/exercise-5-2-statefulsets');
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 20_000 });
  await page.waitForFunction(() => Boolean((window as unknown as { __kubelabEditor?: unknown }).__kubelabEditor));

  const panel = page.getByRole('region', { name: 'Exercise: StatefulSet deep dive' });
  const step = panel.getByRole('listitem', { name: 'Step 1: Deploy and watch the order' });
  await step.getByRole('button', { name: 'Open in editor' }).click();

  // The learner's mistake: every pod at once instead of one after the other.
  const line = await editAndFind(page, 'podManagementPolicy: OrderedReady', 'podManagementPolicy: Parallel', 'podManagementPolicy: Parallel');
  expect(line).toBeGreaterThan(1);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText('statefulset.apps/web-stateful created');

  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(step.getByTestId('step-result')).toContainText('podManagementPolicy is Parallel', { timeout: 30_000 });
  const pointer = step.getByRole('button', { name: `line ${line} of your manifest: spec.podManagementPolicy` });
  await expect(pointer).toBeVisible();

  const shots = process.env.EXERCISE_LINE_SHOTS;
  if (shots) {
    await step.scrollIntoViewIfNeeded();
    await step.screenshot({ path: `${shots}/exercise-line-light.png` });
    await page.evaluate(() => document.documentElement.classList.add('dark'));
    await step.screenshot({ path: `${shots}/exercise-line-dark.png` });
    await page.evaluate(() => document.documentElement.classList.remove('dark'));
  }

  await pointer.click();
  const cursor = await page.evaluate(() => {
    const ed = (window as unknown as { __kubelabEditor: Editor }).__kubelabEditor;
    return { line: ed.getPosition()?.lineNumber, focused: ed.hasTextFocus() };
  });
  expect(cursor).toEqual({ line, focused: true });

  // The pointer follows the learner's edits: a comment above the field moves it one line down.
  await editAndFind(page, 'apiVersion: apps/v1', '# my StatefulSet\napiVersion: apps/v1', 'podManagementPolicy');
  await expect(step.getByRole('button', { name: `line ${line + 1} of your manifest: spec.podManagementPolicy` })).toBeVisible();
});
