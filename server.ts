/**
 * The portal's one process: Next.js and (once mounted) the embedded sandbox API under
 * /k8s/<cluster-id>, on one port, so an instructor opens one port and learners' own kubectl
 * can reach their cluster. `npm start` runs this after a production build.
 */
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { SandboxHost } from './lib/k8s/sandbox/host';
import type { SandboxFront } from './lib/k8s/sandbox/workers/front';
import { LocalSandboxFront } from './lib/k8s/sandbox/workers/local-front';
import { WorkerSandboxFront } from './lib/k8s/sandbox/workers/worker-front';
import { startSandboxWorker } from './lib/k8s/sandbox/workers/start-worker';
import { maxActivePerWorker, sandboxWorkersFromEnv } from './lib/k8s/sandbox/workers/settings';
import { clusterOperations } from './lib/lab/cluster-operations';
import { clusterStreams } from './lib/lab/cluster-streams';
import { sandboxParts } from './lib/k8s/sandbox/parts';
import { productComponents } from './lib/k8s/sandbox/components';
import { handOverWantedClusters, openProductStore, shardIdFromEnv, sharedClusterRecords, storeAnswers } from './lib/k8s/sandbox/store/product-store';
import { capacityFromEnv } from './lib/k8s/sandbox/capacity';
import { buildPortalContext } from './lib/lab/context';
import { openLearnerDbFor } from './lib/learners/open-learner-db';
import { databaseUrlFromEnv } from './lib/k8s/sandbox/store/postgres/database-url';
import { registerPortalContext } from './lib/portal/context';
import { ensureInstructorToken, instructorLink } from './lib/instructor/access';
import { PortalFront } from './lib/http/portal-front';
import { limitSettings } from './lib/http/portal-limits';
import { lingerOnRefusedBody } from './lib/http/lingering-close';
import { portalBaseUrl } from './lib/http/public-url';
import { samePortTls } from './lib/http/same-port-tls';
import { loadOrCreateSandboxCert } from './lib/http/sandbox-tls-files';
import { SANDBOX_TLS_SERVER_NAME } from './lib/http/self-signed-cert';
import { HealthEndpoints } from './lib/http/health';
import { portalReadinessChecks } from './lib/http/health-checks';
import { installGracefulShutdown } from './lib/http/graceful-shutdown';
import { SHARD_HEADER, shardHeaderValue } from './lib/http/shard-header';
import { preloadClientNode } from './lib/k8s/client/preload';
import { DirectRoutes } from './lib/http/direct-routes';
import { POST as openLabSession } from './app/api/lab/session/route';
import { GET as labEventStream } from './app/api/lab/stream/route';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '0.0.0.0';
const dev = process.env.NODE_ENV === 'development';

async function main(): Promise<void> {
  const app = next({ dev, dir: process.cwd(), hostname: 'localhost', port });
  const handle = app.getRequestHandler();
  const prepared = app.prepare();
  await prepared;
  // The route bundles import client-node at their first request (it stays outside the bundle,
  // next.config.mjs): about 900 modules, a second of this thread's time. Loaded here, before
  // listening, so the first class after a start is not charged for it (a burst of wakes waited
  // on it together). The bundles' import finds these modules in the loader's cache.
  await preloadClientNode();

  // Sandbox clusters live under /k8s/<cluster-id>; everything else is the Next.js app.
  const dataDir = path.resolve(process.env.KUBELAB_DATA_DIR ?? './.data');
  // Read (or created) before anything starts, so a malformed KUBELAB_INSTRUCTOR_TOKEN or limit setting stops the start.
  const teacher = ensureInstructorToken(dataDir);
  limitSettings(process.env);
  // SQLite in the data directory, or PostgreSQL with KUBELAB_DATABASE_URL (a wrong URL stops the start here).
  const storeFile = openProductStore(dataDir);
  // The learners' database beside it: the same PostgreSQL (a learner finds their progress on whichever shard), else SQLite.
  const learnerDb = openLearnerDbFor(dataDir, databaseUrlFromEnv());
  // Sharded (KUBELAB_SHARD_ID or KUBELAB_DATABASE_URL): every response names the shard that answered.
  const shardHeader = shardHeaderValue(process.env, shardIdFromEnv);
  // Clusters sleep when idle and wake on their next request; starting loads none (capacity.ts).
  const capacity = capacityFromEnv();
  // The port speaks https too, so learners' kubectl sends its token and reaches the root paths.
  const tls = loadOrCreateSandboxCert(dataDir, Date.now(), (m) => console.error(m));
  const kubeconfigTls = { caPem: tls.certPem, serverName: SANDBOX_TLS_SERVER_NAME };
  // KUBELAB_SANDBOX_WORKERS (default: one per core): the clusters run on worker threads, each
  // on one, so a class pressing Apply together uses every core and this thread stays free for
  // pages; 0 runs them here (workers/front.ts).
  const workers = sandboxWorkersFromEnv();
  let sandbox: SandboxFront;
  /** The front once its clusters can be served (/readyz waits for the workers to start). */
  let sandboxReady: () => SandboxFront | undefined = () => sandbox;
  if (workers === 0) {
    const host = new SandboxHost({
      tls: kubeconfigTls,
      dataDir,
      parts: (r) => sandboxParts({ clusterId: r.id, storeFile }),
      components: productComponents,
      ...capacity,
      storedClusterIds: () => storeFile.clusterIds(),
      // With PostgreSQL the records are the database's, shared by every shard (records-store.ts).
      records: sharedClusterRecords(storeFile),
    });
    // With PostgreSQL, a cluster another shard asks for sleeps here at the next lease renewal.
    handOverWantedClusters(storeFile, host);
    sandbox = new LocalSandboxFront(host, clusterOperations, clusterStreams);
  } else {
    const workerFront = new WorkerSandboxFront({
      workers,
      start: (index) =>
        startSandboxWorker({ index, workers, setup: new URL('./lib/k8s/sandbox/workers/product-setup.ts', import.meta.url).href, dataDir, tls: kubeconfigTls, maxActive: maxActivePerWorker(capacity.maxActive, workers), idleMs: capacity.idleMs }),
      dataDir,
      tls: kubeconfigTls,
      maxClusters: capacity.maxClusters,
      storedClusterIds: () => storeFile.clusterIds(),
      records: sharedClusterRecords(storeFile),
    });
    // Listening does not wait for the workers (requests to them queue on their ports meanwhile); readiness does.
    let started = false;
    void workerFront.ready.then(() => (started = true));
    sandboxReady = () => (started ? workerFront : undefined);
    sandbox = workerFront;
  }
  // The one object route handlers reach the process's parts through (lib/portal/context.ts):
  // built before listening. Route handlers reach the sandbox through client-node over its
  // loopback URL, like any cluster.
  const portal = buildPortalContext({ host: sandbox, internalBase: `http://127.0.0.1:${port}`, dataDir, db: learnerDb });
  registerPortalContext(portal);
  const front = new PortalFront({ env: process.env, dev, cookieKey: portal.cookieKey, learners: () => portal.db });

  const health = new HealthEndpoints(portalReadinessChecks({ nextPrepared: prepared, sandboxHost: () => sandboxReady(), learnerDb: () => portal.db, clusterStore: () => storeAnswers(storeFile) }));
  // A class coming back at once opens its sessions here, ahead of Next.js's pipeline (direct-routes.ts says why).
  const direct = new DirectRoutes({ 'POST /api/lab/session': openLabSession, 'GET /api/lab/stream': labEventStream });
  const server = http.createServer((req, res) => {
    // A body refused early (413) is answered with Connection: close and a lingering close, so
    // the client reads the answer instead of a reset.
    lingerOnRefusedBody(req, res);
    if (shardHeader) res.setHeader(SHARD_HEADER, shardHeader);
    // /healthz and /readyz for probes: before the Host check and the cookie (health.ts says why).
    if (health.handleRequest(req, res)) return;
    if (front.handleRequest(req, res)) return;
    if (sandbox.handleRequest(req, res)) return;
    if (direct.handleRequest(req, res)) return;
    void handle(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    front.handleUpgrade(req, socket, () => sandbox.handleUpgrade(req, socket, head));
  });

  const { listener } = samePortTls(server, tls);
  listener.listen(port, hostname, () => {
    console.log(`Kubelab ready on http://localhost:${port}`);
    // Like a notebook server's token link: whoever has it sees the class overview. Printed only
    // by the start that made it, so it does not sit in every log; `npm run instructor-link` shows it again.
    if (teacher.source === 'created') console.log(`Instructor view (keep this link to yourself): ${instructorLink(portalBaseUrl({ ...process.env, PORT: String(port) }), teacher.token)}`);
    else console.log('Instructor view: `npm run instructor-link` prints its link.');
  });

  // SIGTERM/SIGINT: not ready, stop accepting, drain, put every awake cluster to sleep, close, exit.
  installGracefulShutdown({
    listener,
    server,
    health,
    steps: [
      { name: 'put every awake cluster to sleep', run: () => sandbox.close() },
      { name: 'close the cluster store', run: () => storeFile.close() },
      { name: 'close the learners database', run: () => portal.db.close() },
    ],
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
