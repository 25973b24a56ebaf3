/**
 * vitest globalSetup: one throwaway PostgreSQL server for the whole run (postgres-server.ts),
 * handed to the tests that need it through provide('postgres'); each of them takes its own
 * schema (postgres.ts). Without PostgreSQL installed (or when its server does not start), those
 * tests skip locally and the run fails at once under CI=true, saying what is missing.
 */
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startThrowawayPostgres } from './postgres-server';

export type ProvidedPostgres = { url: string; version: string } | { unavailable: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedPostgres;
  }
}

export default function setup(project: TestProject): () => void {
  const unavailable = (reason: string) => {
    if (process.env.CI === 'true') throw new Error(`the PostgreSQL store tests need PostgreSQL and CI=true: ${reason}`);
    project.provide('postgres', { unavailable: reason });
    return () => undefined;
  };
  if (!findPostgresBin()) return unavailable('PostgreSQL is not installed (Debian: apt-get install postgresql; .ci/run installs it)');
  let server: ReturnType<typeof startThrowawayPostgres>;
  try {
    server = startThrowawayPostgres();
  } catch (err) {
    return unavailable(`the throwaway PostgreSQL server did not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  project.provide('postgres', { url: server.url, version: server.version });
  return () => server.stop();
}
