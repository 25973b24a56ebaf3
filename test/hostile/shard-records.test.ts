/**
 * Hostile cluster ids and tokens against a shard whose cluster records are in PostgreSQL: an id
 * or a bearer token this shard does not keep is looked up in the database, so what a stranger
 * sends must reach it only as a bound parameter or a digest, answer 401 like a wrong token on one
 * machine, and leave nothing behind (no record, no awake cluster).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSchema, testPostgres, withClient } from '../../lib/testing/postgres';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { PgStoreFile } from '../../lib/k8s/sandbox/store/postgres/pg-store-file';
import { requestThroughHost } from '../../lib/k8s/sandbox/store/postgres/shards-testing';

const pg = testPostgres();

describe.skipIf(!pg.url)('hostile ids and tokens at a shard with its records in PostgreSQL', () => {
  let file: PgStoreFile;
  let host: SandboxHost;
  let schema: { schema: string; drop(): Promise<void> };
  let real: { id: string; token: string };

  beforeAll(async () => {
    schema = await freshSchema(pg.url!);
    file = new PgStoreFile({ url: pg.url!, schema: schema.schema, shard: 'shard-a', renewEveryMs: 0 });
    host = new SandboxHost({ records: file.clusterRecords(), parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file }) });
    const made = host.createCluster({ workers: 1 });
    real = { id: made.record.id, token: made.record.token };
    expect(host.sleep(real.id)).toBe(true);
  });

  afterAll(async () => {
    host?.close();
    file?.close();
    await schema?.drop();
  });

  const ids = ["x'; DROP TABLE sandbox_cluster_records; --", 'k'.repeat(10_000), '%00', '..%2F..%2Fetc', 'id%0d%0aX-Injected:%201', '%E2%80%AE', 'c' + '0'.repeat(32)];
  it.each(ids.map((id) => [id.slice(0, 40), id]))('answers 401 for the id %j with any token, and keeps no record of it', async (_shown, id) => {
    const got = await requestThroughHost(host, `/k8s/${id}/token-${real.token}/api/v1/namespaces`);
    expect(got.status).toBe(401);
    expect(JSON.parse(got.body)).toMatchObject({ kind: 'Status', code: 401 });
  });

  /** NEAR: the real token with its last character changed (made once the cluster exists). */
  const tokens = ["' OR '1'='1", 'x'.repeat(10_000), 'tok en', 'tök\u00ebn', '', 'NEAR'];
  it.each(tokens.map((t) => [t.slice(0, 40), t]))('answers 401 for the bearer token %j at the root paths and at the real id', async (_shown, given) => {
    const token = given === 'NEAR' ? `${real.token.slice(0, -1)}${real.token.endsWith('A') ? 'B' : 'A'}` : given;
    const root = await requestThroughHost(host, '/api/v1/namespaces', { authorization: `Bearer ${token}` });
    // An empty bearer is no token: the root path is then not the sandbox's (the caller's 404).
    expect([401, 404]).toContain(root.status);
    const byId = await requestThroughHost(host, `/k8s/${real.id}/api/v1/namespaces`, { authorization: `Bearer ${token}` });
    expect(byId.status).toBe(401);
    expect(host.isAwake(real.id)).toBe(false);
  });

  it('still has exactly the one real record, and the real token still works', async () => {
    const rows = await withClient(pg.url!, (c) => c.query<{ cluster: string }>('SELECT cluster FROM sandbox_cluster_records'), schema.schema);
    expect(rows.rows.map((r) => r.cluster)).toEqual([real.id]);
    expect((await requestThroughHost(host, '/api/v1/namespaces', { authorization: `Bearer ${real.token}` })).status).toBe(200);
  });
});
