import { defineConfig, devices } from '@playwright/test';
import { HOSTILE_DATA_DIR_REL, HOSTILE_OUTSIDE_DIR_REL, HOSTILE_PORT } from './test/hostile/support/layout';

// Browser tests run against a production build served by our own server (scripts/test.mjs
// builds first). Debian's Chromium: no browser download is possible on these machines.
const port = Number(process.env.E2E_PORT ?? 3100);

// The hostile suite attacks a second portal of its own (own port, own data directory with a
// planted marker file), so nothing it does can disturb the browser tests or be disturbed by them.
// With `--project=<name>` only that project's portal is started.
const chosen = process.argv.flatMap((a, i, all) => (a.startsWith('--project=') ? [a.slice(10)] : a === '--project' ? [all[i + 1]] : []));
const wants = (project: string) => chosen.length === 0 || chosen.includes(project);
// Chosen build folder (KUBELAB_NEXT_DIST_DIR) reaches both portals.
const distDir: Record<string, string> = process.env.KUBELAB_NEXT_DIST_DIR ? { KUBELAB_NEXT_DIST_DIR: process.env.KUBELAB_NEXT_DIST_DIR } : {};

export default defineConfig({
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: '.test-reports/playwright.json' }]],
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'chromium', testDir: 'e2e', use: { ...devices['Desktop Chrome'] } },
    // HTTP-level attacks on a running portal (no browser); files run in name order, so the
    // suites most likely to hurt the process (regexes, floods) come last.
    { name: 'hostile', testDir: 'test/hostile', testMatch: '**/*.spec.ts', fullyParallel: false, retries: 0, timeout: 45_000, use: { baseURL: `http://localhost:${HOSTILE_PORT}` } },
  ],
  webServer: [
    ...(wants('chromium')
      ? [{
          command: `node node_modules/tsx/dist/cli.mjs server.ts`,
          url: `http://localhost:${port}/`,
          reuseExistingServer: false,
          timeout: 120_000,
          // Every browser learner comes from 127.0.0.1, like a class behind one NAT address: the
          // per-address limit on new clusters is raised as the README tells an instructor to.
          env: { ...distDir, PORT: String(port), NODE_ENV: 'production', KUBELAB_DATA_DIR: '.data/e2e', KUBELAB_SESSIONS_PER_MINUTE: '1000' },
        }]
      : []),
    ...(wants('hostile')
      ? [{
          command: `node test/hostile/support/prepare-data-dir.mjs ${HOSTILE_DATA_DIR_REL} ${HOSTILE_OUTSIDE_DIR_REL} && exec node node_modules/tsx/dist/cli.mjs server.ts`,
          url: `http://localhost:${HOSTILE_PORT}/`,
          reuseExistingServer: false,
          timeout: 120_000,
          // The suite makes a learner (and cluster) per case, about two hundred in two minutes:
          // room for all of them awake, so no case meets the "class is full" answer by accident.
          env: { ...distDir, PORT: String(HOSTILE_PORT), NODE_ENV: 'production', KUBELAB_DATA_DIR: HOSTILE_DATA_DIR_REL, KUBELAB_MAX_ACTIVE_CLUSTERS: '400' },
        }]
      : []),
  ],
});
