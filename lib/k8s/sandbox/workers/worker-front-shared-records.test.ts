/**
 * The sandbox on worker threads (the portal's default) with the cluster records in PostgreSQL:
 * two shards, each a WorkerSandboxFront whose worker runs the product setup on the shared
 * database (KUBELAB_DATABASE_URL, its own KUBELAB_SHARD_ID). A cluster made on one shard is
 * found by the other from the database alone, by its id and by its token at the root paths,
 * and wakes there with its objects once the first has put it to sleep.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testPostgres, withClient } from '../../../testing/postgres';
import { PgStoreFile } from '../store/postgres/pg-store-file';
import { WorkerSandboxFront } from './worker-front';
import { startSandboxWorker } from './start-worker';

const pg = testPostgres();
const SETUP = new URL('./product-setup.ts', import.meta.url).href;

interface Shard {
  front: WorkerSandboxFront;
  file: PgStoreFile;
  base: string;
  server: http.Server;
}

describe.skipIf(!pg.url)('the sandbox on worker threads, records in PostgreSQL', () => {
  const shards: Shard[] = [];
  const dirs: string[] = [];
  let dbName = '';
  let url = '';

  /** A shard: its workers take the database and shard id from the environment they start with, as server.ts's do. */
  async function startShard(id: string): Promise<Shard> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kubelab-${id}-`));
    dirs.push(dataDir);
    const file = new PgStoreFile({ url, shard: id, renewEveryMs: 0 });
    // A worker copies the environment when it is constructed (in the front's constructor).
    const saved = { ...process.env };
    Object.assign(process.env, { KUBELAB_DATABASE_URL: url, KUBELAB_SHARD_ID: id, KUBELAB_LEASE_SECONDS: '3' });
    let front: WorkerSandboxFront;
    try {
      front = new WorkerSandboxFront({ workers: 1, dataDir, records: file.clusterRecords(), start: (index) => startSandboxWorker({ index, workers: 1, setup: SETUP, dataDir }) });
    } finally {
      for (const k of ['KUBELAB_DATABASE_URL', 'KUBELAB_SHARD_ID', 'KUBELAB_LEASE_SECONDS']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
    const server = http.createServer((req, res) => {
      if (!front.handleRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const shard = { front, file, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    shards.push(shard);
    await front.ready;
    return shard;
  }

  afterAll(async () => {
    for (const s of shards) {
      s.server.closeAllConnections();
      s.server.close();
      await s.front.close();
      s.file.close();
    }
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    if (dbName) await withClient(pg.url!, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  });

  it('finds a cluster another shard made, by id and by token alone, and wakes it with its objects once that shard let it go', { timeout: 120_000 }, async () => {
    dbName = `kubelab_workers_${randomBytes(4).toString('hex')}`;
    await withClient(pg.url!, (c) => c.query(`CREATE DATABASE ${dbName}`));
    const u = new URL(pg.url!);
    u.pathname = `/${dbName}`;
    url = u.toString();
    // Real worker threads load the sandbox (about 1.5 s each on a quiet machine): both start at once.
    const [a, b] = await Promise.all([startShard('shard-a'), startShard('shard-b')]);

    const record = await a.front.createCluster({ workers: 1 });
    const made = await fetch(`${a.front.serverURL(a.base, record.id)}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'made-on-a' }, data: { k: 'v' } }),
    });
    expect(made.status, await made.text()).toBe(201);
    expect(b.front.has(record.id)).toBe(true);
    // Shard a still runs it: shard b's worker is refused by the lease.
    const refused = await fetch(`${b.front.serverURL(b.base, record.id)}/api/v1/namespaces/default/configmaps/made-on-a`);
    expect(refused.status).toBe(503);

    expect(await a.front.close()).toBeUndefined();
    const byId = await fetch(`${b.front.serverURL(b.base, record.id)}/api/v1/namespaces/default/configmaps/made-on-a`);
    expect(byId.status, await byId.text()).toBe(200);
    const byToken = await fetch(`${b.base}/api/v1/namespaces/default/configmaps/made-on-a`, { headers: { authorization: `Bearer ${record.token}` } });
    expect(byToken.status, await byToken.text()).toBe(200);
    expect((await b.front.wake(record.id)).token).toBe(record.token);
  });
});
