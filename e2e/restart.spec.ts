/**
 * A server restart between two exercise steps loses nothing: the learner (a cookie), their
 * cluster (the sandbox store in SQLite), their recorded steps and their progress all come back.
 * This test runs its own server, because the shared one (playwright.config.ts) must stay up for
 * the other tests. The server is killed with SIGKILL, not stopped politely: what was confirmed
 * to the learner must already be on disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const PORT = Number(process.env.E2E_RESTART_PORT ?? 3101);
const BASE = `http://localhost:${PORT}`;
const DATA_DIR = path.join('.data', `e2e-restart-${PORT}`);

function startServer(): ChildProcess {
  // tsx as a loader in this very process: tsx's CLI would run the server in a child process,
  // which a SIGKILL of the CLI leaves running (and still answering on the port).
  return spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { ...process.env, PORT: String(PORT), NODE_ENV: 'production', KUBELAB_DATA_DIR: DATA_DIR },
    stdio: 'ignore',
  });
}

async function waitUntilServing(server: ChildProcess): Promise<void> {
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the test server exited with code ${server.exitCode}`);
    try {
      if ((await fetch(`${BASE}/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function answers(): Promise<boolean> {
  try {
    await fetch(`${BASE}/`);
    return true;
  } catch {
    return false;
  }
}

/** Kills the server and waits until nothing answers on its port any more. */
async function kill(server: ChildProcess): Promise<void> {
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGKILL');
    await exited;
  }
  while (await answers()) await new Promise((r) => setTimeout(r, 100));
}

async function openExercise(page: Page): Promise<void> {
  await page.goto(`${BASE}/learn/module-05/exercise-5-3-jobs`);
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 30_000 });
  await page.waitForFunction(() => Boolean((window as unknown as { __kubelabEditor?: unknown }).__kubelabEditor));
}

async function applyStep(page: Page, step: string, created: string): Promise<void> {
  await page.getByRole('listitem', { name: step }).getByRole('button', { name: 'Open in editor' }).click();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(created);
}

let server: ChildProcess | undefined;

test.beforeAll(async () => {
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  // Another server on this port would answer in place of ours and make the restart meaningless.
  if (await answers()) throw new Error(`port ${PORT} is already in use; set E2E_RESTART_PORT to a free port`);
});

test.afterAll(async () => {
  if (server) await kill(server);
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
});

test('after the server is killed and started again between two steps, the learner continues where they were', async ({ page }) => {
  test.setTimeout(180_000);
  server = startServer();
  await waitUntilServing(server);

  await openExercise(page);
  const panel = page.getByRole('region', { name: 'Exercise: Jobs and batch processing' });
  await applyStep(page, 'Step 1: A single-completion Job', 'job.batch/single-job created');
  await page.getByLabel('Cluster clock').getByRole('button', { name: '+1 min' }).click();
  await expect(panel.getByTestId('exercise-progress')).toHaveText('1 of 4 done', { timeout: 45_000 });

  // kill() returns once nothing answers on the port, so what answers next is the new process.
  await kill(server);
  server = startServer();
  await waitUntilServing(server);

  await page.reload();
  await openExercise(page);
  // The recorded step, and the cluster itself: single-job is still there, Complete.
  await expect(panel.getByTestId('exercise-progress')).toHaveText('1 of 4 done');
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(panel.getByRole('listitem', { name: 'Step 1: A single-completion Job' }).getByTestId('step-result')).toContainText('single-job is Complete');

  await applyStep(page, 'Step 2: Nine completions, three at a time', 'job.batch/parallel-job created');
  const skip = page.getByLabel('Cluster clock').getByRole('button', { name: '+1 min' });
  for (let i = 0; i < 2; i++) await skip.click();
  await expect(panel.getByTestId('exercise-progress')).toHaveText('2 of 4 done', { timeout: 45_000 });
});
