import fs from 'node:fs';
import path from 'node:path';
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';

// Four browsers and a portal on a shared 2-core machine: each step may take more than the default 5 s.
const expect = baseExpect.configure({ timeout: 20_000 });

// The server writes its instructor token into its data directory (playwright.config.ts's webServer).
const tokenFile = path.join('.data', 'e2e', 'instructor-token');

async function learnerJoins(browser: Browser, joinPath: string, name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(joinPath);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join the class' }).click();
  await expect(page.getByRole('status')).toContainText(`as ${name}`);
  return page;
}

async function openBench(page: Page, lesson: string): Promise<void> {
  await page.goto(`/learn/module-05/${lesson}`);
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 30_000 });
  await page.waitForFunction(() => Boolean((window as unknown as { __kubelabEditor?: unknown }).__kubelabEditor));
}

async function applyStep(page: Page, step: string, created: string): Promise<void> {
  await page.getByRole('listitem', { name: step }).getByRole('button', { name: 'Open in editor' }).click();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(created);
}

test('an instructor runs a class: three learners join by link, a step turns green live on the board, the instructor inspects, resets, hints and exports the CSV', async ({ browser }) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36);
  const names = [`Ada ${suffix}`, `Grace ${suffix}`, `=HYPERLINK("x") ${suffix}`];

  // The instructor creates a class and reads its join link.
  const teacher = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await teacher.goto(`/instructor/enter?token=${fs.readFileSync(tokenFile, 'utf8').trim()}`);
  await expect(teacher.getByRole('heading', { name: 'Classes' })).toBeVisible();
  const className = `Tuesday group ${suffix}`;
  await teacher.getByLabel('Class name').fill(className);
  await teacher.getByRole('button', { name: 'Create class' }).click();
  const card = teacher.getByRole('listitem', { name: `Class ${className}` });
  await expect(card.getByTestId('join-code')).toHaveText(/^[34679ACDEFGHJKMNPQRTWXY]{6}$/);
  const joinPath = (await card.getByTestId('join-link').getAttribute('href'))!;

  // Three learners, each in a browser of their own, join by the link.
  const [ada, grace, third] = [await learnerJoins(browser, joinPath, names[0]), await learnerJoins(browser, joinPath, names[1]), await learnerJoins(browser, joinPath, names[2])];

  await card.getByRole('link', { name: 'Open the live board' }).click();
  await expect(teacher.getByRole('heading', { name: className })).toBeVisible();
  await expect(teacher.getByTestId('board-connection')).toHaveText('live');
  const board = teacher.getByRole('list', { name: 'Learners' });
  await expect(board.getByRole('listitem')).toHaveCount(3);
  const adaRow = board.getByRole('listitem', { name: `Learner ${names[0]}` });

  // Ada checks before doing anything: the board shows her failing step and what its check saw.
  await openBench(ada, 'exercise-5-3-jobs');
  const panel = ada.getByRole('region', { name: 'Exercise: Jobs and batch processing' });
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(adaRow.getByTestId('learner-step')).toContainText('Ex 5.3: A single-completion Job');
  await expect(adaRow.getByTestId('check-message')).toHaveText('there is no Job single-job yet');

  // Filter: failing step 1 of Exercise 5.3 shows Ada only.
  await teacher.getByLabel('Failing step').selectOption('exercise-5-3-jobs/single-job');
  await expect(board.getByRole('listitem')).toHaveCount(1);
  await teacher.getByLabel('Failing step').selectOption('');
  await expect(board.getByRole('listitem')).toHaveCount(3);

  // She does the exercise; the board turns green without a reload.
  await applyStep(ada, 'Step 1: A single-completion Job', 'job.batch/single-job created');
  await applyStep(ada, 'Step 2: Nine completions, three at a time', 'job.batch/parallel-job created');
  await applyStep(ada, 'Step 3: A work queue', 'job.batch/queue-job created');
  await applyStep(ada, 'Step 4: One bad shard, given up on its own', 'job.batch/shard-job created');
  const skip = ada.getByLabel('Cluster clock').getByRole('button', { name: '+1 min' });
  for (let i = 0; i < 2; i++) await skip.click();
  await expect(panel.getByTestId('exercise-progress')).toHaveText('4 of 4 done', { timeout: 60_000 });
  await expect(adaRow.getByTestId('all-passed')).toHaveText('Ex 5.3: every step passed', { timeout: 15_000 });
  await expect(adaRow.getByTestId('learner-step')).toContainText('4 passed');

  // Inspect: her cluster, read-only, in the bench's own views; her bench stays live.
  await adaRow.getByRole('link', { name: 'Inspect cluster' }).click();
  await expect(teacher.getByRole('heading', { name: `${names[0]}'s cluster` })).toBeVisible();
  const inspect = teacher.getByRole('region', { name: "Learner's cluster (read-only)" });
  await expect(inspect.getByLabel('Nodes', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(inspect.getByRole('button', { name: '+ Add node' })).toHaveCount(0);
  await inspect.getByRole('tab', { name: 'Workloads' }).click();
  await expect(inspect).toContainText('single-job');
  await expect(ada.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible();

  // Help: reset Ada's cluster (after confirming); her bench says the instructor did it.
  await teacher.goBack();
  await expect(teacher.getByTestId('board-connection')).toHaveText('live');
  await adaRow.getByRole('button', { name: 'Reset cluster' }).click();
  await adaRow.getByRole('button', { name: 'Yes, reset it' }).click();
  await expect(adaRow.getByRole('status')).toHaveText('Cluster reset: their bench says so.');
  await expect(ada.getByRole('list', { name: 'From your instructor' })).toContainText('Your instructor reset your cluster');

  // A hint for Grace, typed with markup: it appears on her bench as text.
  await openBench(grace, 'exercise-5-3-jobs');
  const graceRow = board.getByRole('listitem', { name: `Learner ${names[1]}` });
  await graceRow.getByRole('button', { name: 'Send a hint' }).click();
  await graceRow.getByLabel(`Hint for ${names[1]}`).fill('Look at <b>completions</b> in the Job spec');
  await graceRow.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(grace.getByRole('list', { name: 'From your instructor' })).toContainText('Hint from your instructor: Look at <b>completions</b> in the Job spec');
  expect(await grace.locator('[aria-label="From your instructor"] b').count()).toBe(0);

  // Export: one row per learner, the formula-looking name kept as text.
  const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('name,lessons read,quiz score,steps passed,solutions seen,checklist,last seen');
  expect(lines).toHaveLength(4);
  const adaLine = lines.find((l) => l.startsWith(names[0]))!;
  expect(adaLine.split(',')[3]).toBe('4');
  expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(""x"") ${suffix}"`))).toBe(true);
  await third.context().close();
});
