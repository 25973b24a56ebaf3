import { defineConfig } from 'vitest/config';
import path from 'node:path';
import { availableParallelism } from 'node:os';

export default defineConfig({
  resolve: {
    alias: {
      '@': import.meta.dirname,
      'server-only': path.resolve(import.meta.dirname, 'lib/testing/server-only-stub.ts'),
    },
  },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**'],
    environment: 'node',
    // One throwaway PostgreSQL server for the PostgreSQL store's tests (skipped locally without it).
    globalSetup: ['lib/testing/postgres-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default (cores - 1) is one file at a time on a 2-core machine, while many files
    // spend most of their time waiting on kubectl, PostgreSQL, NGINX or a shard process: two at
    // once took the suite from about 390 s to about 250 s there, with no test depending on being alone.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
