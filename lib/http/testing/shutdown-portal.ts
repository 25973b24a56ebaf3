/**
 * A portal process for graceful-shutdown.signal.test.ts: the sandbox side of server.ts (a
 * SandboxHost on the product's SQLite store file, behind the same-port listener) with the health
 * endpoints and the graceful shutdown installed as server.ts installs them. Next.js is left out:
 * the stop does not involve it, and a production build would cost the test a minute.
 * Usage: tsx shutdown-portal.ts <data dir> [extra awake clusters]. Prints one JSON line once it listens:
 * {port, clusters: [{id, token}]}; its first cluster has had 90 minutes of virtual time skipped.
 */
import http from 'node:http';
import path from 'node:path';
import { SandboxHost } from '../../k8s/sandbox/host';
import { sandboxParts } from '../../k8s/sandbox/parts';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from '../../k8s/sandbox/store/sqlite-persistence';
import { openLearnerDb } from '../../learners/db';
import { samePortTls } from '../same-port-tls';
import { createSelfSignedCert } from '../self-signed-cert';
import { HealthEndpoints } from '../health';
import { portalReadinessChecks } from '../health-checks';
import { installGracefulShutdown } from '../graceful-shutdown';

/** The virtual time the test's clusters start at (their wall clock is paused: scale 0). */
export const SHUTDOWN_TEST_START = Date.UTC(2030, 0, 1, 8, 0, 0);
export const SKIPPED_SECONDS = 90 * 60;

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: shutdown-portal.ts <data dir>');
  const storeFile = new SqliteStoreFile(dataDir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS });
  const db = openLearnerDb(dataDir);
  const sandbox = new SandboxHost({
    dataDir,
    parts: (r) => sandboxParts({ clusterId: r.id, storeFile, scale: 0, start: SHUTDOWN_TEST_START }),
    idleMs: 20 * 60_000,
    maxActive: 1000,
    storedClusterIds: () => storeFile.clusterIds(),
  });
  const skipped = sandbox.createCluster({ workers: 1 });
  skipped.cluster.context.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'before-sigterm', namespace: 'default' }, data: { k: 'kept' } });
  await skipped.cluster.advance(SKIPPED_SECONDS);
  const watched = sandbox.createCluster({ workers: 1 });
  // More awake clusters, to time the stop of a busy shard by hand (the test uses none).
  for (let i = 0; i < Number(process.argv[3] ?? 0); i++) sandbox.createCluster({ workers: 3 }).cluster.context.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'default' }, data: { i: String(i) } });

  const health = new HealthEndpoints(portalReadinessChecks({ nextPrepared: Promise.resolve(), sandboxHost: () => sandbox, learnerDb: () => db }));
  const server = http.createServer((req, res) => {
    if (health.handleRequest(req, res)) return;
    if (sandbox.handleRequest(req, res)) return;
    res.writeHead(404).end();
  });
  const cert = createSelfSignedCert({ now: Date.now(), days: 1 });
  const { listener } = samePortTls(server, cert);
  installGracefulShutdown({
    listener,
    server,
    health,
    drainMs: 200,
    deadlineMs: 15_000,
    steps: [
      { name: 'put every awake cluster to sleep', run: () => sandbox.close() },
      { name: 'close the cluster store', run: () => storeFile.close() },
      { name: 'close the learners database', run: () => db.close() },
    ],
    log: (m) => console.log(m),
  });
  listener.listen(0, '127.0.0.1', () => {
    const address = listener.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    console.log(JSON.stringify({ port, clusters: [skipped.record, watched.record].map((r) => ({ id: r.id, token: r.token })) }));
  });
}

// Run only as a script: the test imports the constants above.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
