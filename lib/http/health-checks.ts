/**
 * What "ready" means for the portal (health.ts serves it): Next.js has prepared its build, the
 * sandbox front can serve clusters (route handlers reach clusters through it), and the learners'
 * database answers a query. Each part is reached through a function, so a check sees the part
 * as it is now (a database closed by the shutdown fails the check instead of being kept alive).
 */
import type { ReadinessCheck } from './health';

/** The part of a database handle a check needs: better-sqlite3's prepare().get(). */
export interface QueryableDb {
  prepare(sql: string): { get(): unknown };
}

export interface PortalReadinessParts {
  /** Next.js's app.prepare(): not ready until it resolves; its rejection is the reason. */
  nextPrepared: Promise<unknown>;
  /** The process's sandbox front, once its clusters can be served. */
  sandboxHost: () => object | undefined;
  /** The learners' database; may throw while the lab context is not set up yet. */
  learnerDb: () => QueryableDb;
  /**
   * Whether the cluster store's database answers a query now (product-store.ts storeAnswers):
   * with PostgreSQL, a shard whose database is gone can wake no cluster and save nothing, so it
   * is not ready. The SQLite file always answers.
   */
  clusterStore?: () => boolean;
}

/** Follows a promise's settlement so a synchronous check can read it. */
export function settlement(p: Promise<unknown>): () => 'pending' | 'resolved' | { rejected: unknown } {
  let state: 'pending' | 'resolved' | { rejected: unknown } = 'pending';
  p.then(
    () => {
      state = 'resolved';
    },
    (err: unknown) => {
      state = { rejected: err };
    },
  );
  return () => state;
}

export function portalReadinessChecks(parts: PortalReadinessParts): ReadinessCheck[] {
  const next = settlement(parts.nextPrepared);
  return [
    {
      name: 'next',
      check: () => {
        const s = next();
        if (s === 'resolved') return undefined;
        return s === 'pending' ? 'Next.js is still preparing its build' : 'Next.js failed to prepare its build';
      },
    },
    { name: 'sandbox-host', check: () => (parts.sandboxHost() ? undefined : 'the sandbox host is not started') },
    {
      name: 'learner-db',
      check: () => {
        const row = parts.learnerDb().prepare('SELECT 1 AS one').get() as { one?: unknown } | undefined;
        return row?.one === 1 ? undefined : 'the learners database gave no answer';
      },
    },
    ...(parts.clusterStore ? [{ name: 'cluster-store', check: () => (parts.clusterStore!() ? undefined : 'the cluster store database (KUBELAB_DATABASE_URL) does not answer') }] : []),
  ];
}
