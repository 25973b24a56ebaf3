import next from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * The sandbox's front door (lib/k8s/sandbox/index.ts, and pure.ts for browser code): portal
 * code (app/, components/, lib/ outside the sandbox) imports the embedded cluster only through
 * it, so the sandbox can change inside without the portal noticing. Tests are exempt: they
 * build clusters from the sandbox's parts and testing helpers on purpose.
 */
const SANDBOX_INTERNALS = ['**/k8s/sandbox/**', '!**/k8s/sandbox/pure'];

/**
 * Portal files that still import sandbox internals, each with the reason. Shrink this list;
 * never grow it without saying why here.
 */
const SANDBOX_INTERNALS_ALLOWED = [
  // The portal's cluster operations (clock, nodes, why-pending, checks) run where the cluster
  // lives, inside the sandbox's thread, on the Cluster object itself: the other side of the
  // typed ClusterHandle, so it uses the parts the handle hides.
  'lib/lab/cluster-operations.ts',
  // Its Apply and Delete reach the cluster's own API server there (no token, no worker round trip).
  'lib/lab/cluster-object-api.ts',
  // The workstation terminal runs the sandbox's own shell runtime (parser, processes, budgets,
  // virtual filesystems, network commands): it is a second user of that runtime, not a portal
  // view of a cluster.
  'lib/workstation/commands.ts',
  'lib/workstation/home-store.ts',
  'lib/workstation/workstation.ts',
];

/** Exported for its test (lib/k8s/sandbox/front-door.test.ts). */
export const sandboxFrontDoor = {
  files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
  ignores: ['lib/k8s/sandbox/**', '**/*.test.{ts,tsx}', '**/testing/**', '**/testing.ts', ...SANDBOX_INTERNALS_ALLOWED],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        group: SANDBOX_INTERNALS,
        message: 'Import the sandbox through its front door: @/lib/k8s/sandbox (server code) or @/lib/k8s/sandbox/pure (code the browser also runs). Export what you need there, or add the file to SANDBOX_INTERNALS_ALLOWED in eslint.config.mjs with the reason.',
      }],
    }],
  },
};

const config = [
  ...next,
  ...nextTs,
  {
    ignores: ['.next/**', 'node_modules/**', 'lib/k8s/schemas/generated/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', '.data/**', '.sandbox/**'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  sandboxFrontDoor,
];

export default config;
