import { expect, test, type Page } from '@playwright/test';

async function openExercise(page: Page, lesson: string): Promise<void> {
  await page.goto(`/learn/module-05/${lesson}`);
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 20_000 });
  await page.waitForFunction(() => Boolean((window as unknown as { __kubelabEditor?: unknown }).__kubelabEditor));
}

async function applyStep(page: Page, step: string, created: string): Promise<void> {
  await page.getByRole('listitem', { name: step }).getByRole('button', { name: 'Open in editor' }).click();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(created);
}

test('Exercise 5.3 completes end to end: the Jobs applied from the bench editor tick every step, and the progress stays after a reload', async ({ page }) => {
  test.setTimeout(120_000);
  await openExercise(page, 'exercise-5-3-jobs');
  const panel = page.getByRole('region', { name: 'Exercise: Jobs and batch processing' });
  await expect(panel.getByTestId('exercise-progress')).toHaveText('0 of 4 done');

  // Predict, then observe: commit to an answer before the Job runs.
  const parallel = panel.getByRole('listitem', { name: 'Step 2: Nine completions, three at a time' });
  await parallel.getByRole('radio', { name: '3', exact: true }).check();

  await applyStep(page, 'Step 1: A single-completion Job', 'job.batch/single-job created');
  await applyStep(page, 'Step 2: Nine completions, three at a time', 'job.batch/parallel-job created');
  await applyStep(page, 'Step 3: A work queue', 'job.batch/queue-job created');
  await applyStep(page, 'Step 4: One bad shard, given up on its own', 'job.batch/shard-job created');

  // Skip the cluster's clock rather than wait for the sleeps.
  const skip = page.getByLabel('Cluster clock').getByRole('button', { name: '+1 min' });
  for (let i = 0; i < 2; i++) await skip.click();

  await expect(panel.getByTestId('exercise-progress')).toHaveText('4 of 4 done', { timeout: 45_000 });
  await expect(panel.getByRole('listitem', { name: 'Step 1: A single-completion Job' })).toContainText('single-job is Complete');
  await expect(parallel).toContainText('completed 9 pods, at most 3 running at once');
  await expect(parallel.getByTestId('prediction-verdict')).toHaveText('Your prediction was right: 3. (Observed: 3.)');

  await page.reload();
  await expect(page.getByRole('region', { name: 'Exercise: Jobs and batch processing' }).getByTestId('exercise-progress')).toHaveText('4 of 4 done');
});

test('a failing step says what the check saw, and a solution is given on request and recorded', async ({ page }) => {
  await openExercise(page, 'exercise-5-3-jobs');
  const panel = page.getByRole('region', { name: 'Exercise: Jobs and batch processing' });
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  const first = panel.getByRole('listitem', { name: 'Step 1: A single-completion Job' });
  await expect(first.getByTestId('step-result')).toHaveText('Not yet: there is no Job single-job yet');
  await first.getByRole('button', { name: 'Hint' }).click();
  await expect(first.getByRole('list', { name: 'Hints' })).toContainText('The pod sleeps ten seconds');
  await first.getByRole('button', { name: 'Show the solution' }).click();
  await expect(first.getByRole('region', { name: 'Solution' })).toContainText('kubectl wait --for=condition=complete job/single-job');
  const progress = await (await page.request.get('/api/exercises/progress?exercise=exercise-5-3-jobs')).json();
  expect(progress.steps[0]).toMatchObject({ step: 'single-job', everPassed: false, solutionShown: true });
});
