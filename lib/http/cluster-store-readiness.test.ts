/**
 * /readyz with the cluster store on PostgreSQL (KUBELAB_DATABASE_URL): a shard whose database is
 * gone can wake no cluster and save nothing, so it answers 503 and the ingress stops sending it
 * learners. The database here is a real one on the run's throwaway server, dropped while the
 * shard's store is connected to it.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testPostgres, withClient } from '../testing/postgres';
import { PgStoreFile } from '../k8s/sandbox/store/postgres/pg-store-file';
import { storeAnswers } from '../k8s/sandbox/store/product-store';
import { HealthEndpoints } from './health';
import { portalReadinessChecks } from './health-checks';

const pg = testPostgres();

/** The learners' database is not what these tests look at: one that always answers. */
const answeringDb = { prepare: () => ({ get: () => ({ one: 1 }) }) };

function readiness(clusterStore?: () => boolean) {
  const db = answeringDb;
  return new HealthEndpoints(portalReadinessChecks({ nextPrepared: Promise.resolve(), sandboxHost: () => ({}), learnerDb: () => db, clusterStore }));
}

describe('readiness of the cluster store', () => {
  it('is not ready when the cluster store does not answer, and says which store', async () => {
    const r = await readiness(() => false).readiness();
    expect(r.ready).toBe(false);
    expect(r.checks.find((c) => c.name === 'cluster-store')).toEqual({ name: 'cluster-store', ok: false, reason: 'the cluster store database (KUBELAB_DATABASE_URL) does not answer' });
  });

  it('has no cluster-store check without one (the SQLite file in the data directory)', async () => {
    const r = await readiness().readiness();
    expect(r.checks.map((c) => c.name)).toEqual(['next', 'sandbox-host', 'learner-db']);
  });

  it.skipIf(!pg.url)('is ready while PostgreSQL answers, and not ready once its database is gone', async () => {
    const name = `kubelab_ready_${randomBytes(4).toString('hex')}`;
    await withClient(pg.url!, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = pg.url!.replace('/postgres?', `/${name}?`);
    const file = new PgStoreFile({ url, shard: 'shard-a', renewEveryMs: 0, callTimeoutMs: 5000 });
    try {
      const health = readiness(() => storeAnswers(file));
      expect(await health.readiness()).toMatchObject({ ready: true });
      await withClient(pg.url!, (c) => c.query(`DROP DATABASE ${name} WITH (FORCE)`));
      const r = await health.readiness();
      expect(r.ready).toBe(false);
      expect(r.checks.find((c) => c.name === 'cluster-store')?.ok).toBe(false);
    } finally {
      try {
        file.close();
      } catch {
        // Its connection was ended with the database.
      }
      await withClient(pg.url!, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  });
});
