import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

async function quiz(page: Page, name: string): Promise<Locator> {
  const region = page.getByRole('region', { name });
  await expect(region.getByText(/answered · score/)).toBeVisible();
  return region;
}

test('a quiz answer is graded, explained and still there after a reload; the progress page counts it', async ({ page }) => {
  await page.goto('/learn/module-05/jobs');
  let jobs = await quiz(page, 'Quiz: Jobs');
  await expect(jobs.getByText('0 of 7 answered')).toBeVisible();

  const parallel = jobs.getByRole('group', { name: /completions: 6/ });
  await parallel.getByLabel('It runs at most two pods at a time until six pods have succeeded.').check();
  await parallel.getByRole('button', { name: 'Check answer' }).click();
  await expect(parallel.getByText('Correct.')).toBeVisible();
  await expect(parallel.getByText(/`completions` is how many|completions is how many/)).toBeVisible();

  const bug = jobs.getByRole('group', { name: /refused by the API server/ });
  await bug.getByRole('checkbox', { name: 'Line 6: backoffLimit: 4' }).check();
  await bug.getByRole('button', { name: 'Check answer' }).click();
  await expect(bug.getByText('Not quite.')).toBeVisible();
  // The right line stays hidden: the feedback says what was wrong in the answer, nothing more.
  await expect(bug.getByText(/0 lines you ticked are faulty, 1 is fine, and you missed 1\./)).toBeVisible();
  await expect(bug.getByText('✓ the faulty line')).toHaveCount(0);

  await page.reload();
  jobs = await quiz(page, 'Quiz: Jobs');
  await expect(jobs.getByText('2 of 7 answered')).toBeVisible();
  await expect(jobs.getByRole('group', { name: /completions: 6/ }).getByLabel('It runs at most two pods at a time until six pods have succeeded.')).toBeChecked();
  await expect(jobs.getByRole('group', { name: /refused by the API server/ }).getByText('Not quite.')).toBeVisible();

  // Try again without having looked at the answer: the new answer replaces the old one in the score.
  const again = jobs.getByRole('group', { name: /refused by the API server/ });
  await again.getByRole('button', { name: 'Try again' }).click();
  await again.getByRole('checkbox', { name: 'Line 9: restartPolicy: Always' }).check();
  await again.getByRole('button', { name: 'Check answer' }).click();
  await expect(again.getByText('Correct.')).toBeVisible();
  await expect(again.getByText(/attempt 2/)).toBeVisible();

  await page.goto('/learn/module-05/progress');
  const row = page.getByRole('row', { name: /^Jobs/ });
  await expect(row).toContainText('2 / 7');
  await expect(row).toContainText('29 %');
});

test('an ordering question can be solved with the keyboard alone', async ({ page }) => {
  await page.goto('/learn/module-05/statefulsets');
  const q = (await quiz(page, 'Quiz: StatefulSets')).getByRole('group', { name: /scaled from 0 to 3/ });
  const right = ['`web-0` is created', '`web-0` is Running', '`web-1` is created', '`web-1` is Running', '`web-2` is created'].map((s) => s.replaceAll('`', ''));
  for (let target = 0; target < right.length; target++) {
    const texts = await q.getByRole('listitem').allInnerTexts();
    let at = texts.findIndex((t) => t.startsWith(right[target]));
    if (at > target) await q.getByRole('button', { name: new RegExp(`^Move “${right[target]}.*” up$`) }).focus();
    while (at > target) {
      // Focus stays on the moved step, so Enter keeps moving the same one.
      await page.keyboard.press('Enter');
      at--;
    }
  }
  await q.getByRole('button', { name: 'Check answer' }).click();
  await expect(q.getByText('Correct.')).toBeVisible();
});

test('an open question shows the model answer after writing and is scored by the self-assessment', async ({ page }) => {
  await page.goto('/learn/module-05/knowledge-check');
  const q = (await quiz(page, 'Quiz: Workload selection')).getByRole('group', { name: /Job, a CronJob or a Deployment/ });
  await expect(q.getByRole('button', { name: 'Compare with the model answer' })).toBeDisabled();
  await q.getByLabel('Your answer').fill('A Job for a batch that ends, a CronJob when it repeats on a timetable, a Deployment for endless streams.');
  await q.getByRole('button', { name: 'Compare with the model answer' }).click();
  await expect(q.getByText('Model answer', { exact: true })).toBeVisible();
  await q.getByLabel('A Job for a finite batch that runs until it succeeds.').check();
  await q.getByLabel('A CronJob for a batch that recurs on a timetable.').check();
  await q.getByRole('button', { name: 'Save my self-assessment' }).click();
  await expect(q.getByText(/You covered 67 % of the points/)).toBeVisible();
});

test('reading a lesson to the end, export and import carry the progress to a new browser', async ({ page, browser }) => {
  await page.goto('/learn/module-05/cronjobs');
  await page.getByRole('navigation', { name: 'Previous and next lesson' }).scrollIntoViewIfNeeded();
  await expect(page.getByText('✓ Lesson marked as read.')).toBeVisible();
  const cron = await quiz(page, 'Quiz: CronJobs');
  const history = cron.getByRole('group', { name: /default history limits/ });
  await history.getByLabel('The last 3 successful Jobs and the last failed one.').check();
  await history.getByRole('button', { name: 'Check answer' }).click();
  await expect(history.getByText('Correct.')).toBeVisible();

  await page.goto('/learn/module-05/progress');
  const item = page.getByRole('listitem').filter({ hasText: 'Schedule tasks with CronJobs' }).first();
  await expect(item).toContainText('read · quiz 20 %');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export progress' }).click();
  const file = await (await download).path();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/learn/module-05/progress');
  await expect(other.getByText('Lessons read')).toBeVisible();
  await expect(other.getByRole('row', { name: /^CronJobs/ })).toContainText('Not taken');
  await other.getByLabel('Import progress…').setInputFiles(file);
  await expect(other.getByRole('status').filter({ hasText: 'Imported: 1 lesson(s), 1 new quiz answer(s)' })).toBeVisible();
  await expect(other.getByRole('row', { name: /^CronJobs/ })).toContainText('1 / 5');
  await other.getByLabel('Import progress…').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"something"}') });
  await expect(other.getByRole('alert').filter({ hasText: 'Not imported' })).toContainText('Not imported: the progress file is not valid');
  await fresh.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`answered quizzes and the progress page have no serious accessibility violations (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/learn/module-05/daemonsets');
    const q = (await quiz(page, 'Quiz: DaemonSets')).getByRole('group', { name: /refuses it/ });
    await q.getByRole('checkbox', { name: 'Line 4: name: node-exporter' }).check();
    await q.getByRole('button', { name: 'Check answer' }).click();
    await expect(q.getByText('Not quite.')).toBeVisible();
    for (const path of [undefined, '/learn/module-05/progress', '/learn/module-05/knowledge-check']) {
      if (path) await page.goto(path);
      await expect(page.getByText(/Loading your/)).toHaveCount(0);
      const results = await new AxeBuilder({ page }).include('main').analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${page.url()} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    }
  });
}
