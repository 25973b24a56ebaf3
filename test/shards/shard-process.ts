/**
 * One Kubelab shard for the multi-shard test, without Next.js (a production build would cost the
 * test minutes): server.ts's request path (PortalFront: Host check, client address, learner
 * cookie on a page load; the health endpoints; the sandbox under /k8s on the product's store)
 * plus the portal's own route handlers for opening a lab session, applying YAML, the learner's kubeconfig and their
 * progress (a lesson marked read, read back), called as
 * Next.js calls them (a Fetch Request in, a Response out). Any other GET is a page stand-in that
 * answers 200, so the page path's cookie issuance and routing are exercised.
 * Every response carries X-Kubelab-Shard (lib/http/shard-header.ts), as server.ts's do when sharded.
 * Environment: KUBELAB_DATA_DIR, KUBELAB_SHARD_ID, PORT, plus anything server.ts reads
 * (KUBELAB_TRUST_PROXY, KUBELAB_DATABASE_URL). Prints `{"port": N}` once it listens.
 */
import http from 'node:http';
import { openLearnerDbFor } from '../../lib/learners/open-learner-db';
import { Readable } from 'node:stream';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { LocalSandboxFront } from '../../lib/k8s/sandbox/workers/local-front';
import { clusterOperations } from '../../lib/lab/cluster-operations';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { handOverWantedClusters, openProductStore, shardIdFromEnv, sharedClusterRecords, storeAnswers } from '../../lib/k8s/sandbox/store/product-store';
import { SHARD_HEADER, shardHeaderValue } from '../../lib/http/shard-header';
import { buildPortalContext, dataDirectory } from '../../lib/lab/context';
import { portalContext, registerPortalContext } from '../../lib/portal/context';
import { learnerCookieKey } from '../../lib/learners/identity';
import { PortalFront } from '../../lib/http/portal-front';
import { HealthEndpoints } from '../../lib/http/health';
import { portalReadinessChecks } from '../../lib/http/health-checks';
import { POST as openSessionRoute } from '../../app/api/lab/session/route';
import { POST as applyRoute } from '../../app/api/lab/apply/route';
import { GET as kubeconfigRoute } from '../../app/api/lab/kubeconfig/route';
import { GET as progressRoute, POST as lessonReadRoute } from '../../app/api/progress/route';

const ROUTES: Record<string, (req: Request) => Promise<Response>> = {
  'POST /api/lab/session': openSessionRoute,
  'POST /api/lab/apply': applyRoute,
  'GET /api/lab/kubeconfig': kubeconfigRoute,
  'GET /api/progress': progressRoute,
  'POST /api/progress': lessonReadRoute,
};

async function toFetchRequest(req: http.IncomingMessage): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : (Readable.toWeb(req) as ReadableStream);
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method, headers, body, duplex: 'half' } as RequestInit);
}

async function send(res: http.ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function main(): Promise<void> {
  const shard = shardHeaderValue(process.env, shardIdFromEnv);
  if (!shard) throw new Error('shard-process.ts: set KUBELAB_SHARD_ID');
  const dataDir = dataDirectory();
  const storeFile = openProductStore(dataDir);
  const host = new SandboxHost({
    dataDir,
    parts: (r) => sandboxParts({ clusterId: r.id, storeFile }),
    components: productComponents,
    storedClusterIds: () => storeFile.clusterIds(),
    records: sharedClusterRecords(storeFile),
  });
  handOverWantedClusters(storeFile, host);
  const sandbox = new LocalSandboxFront(host, clusterOperations);
  const front = new PortalFront({ env: process.env, dev: false, cookieKey: learnerCookieKey(dataDir), learners: () => portalContext().db });
  const health = new HealthEndpoints(portalReadinessChecks({ nextPrepared: Promise.resolve(), sandboxHost: () => sandbox, learnerDb: () => portalContext().db, clusterStore: () => storeAnswers(storeFile) }));

  const server = http.createServer((req, res) => {
    res.setHeader(SHARD_HEADER, shard);
    if (health.handleRequest(req, res)) return;
    if (front.handleRequest(req, res)) return;
    if (sandbox.handleRequest(req, res)) return;
    const route = ROUTES[`${req.method} ${(req.url ?? '/').split('?')[0]}`];
    if (route) {
      void toFetchRequest(req)
        .then(route)
        .then((response) => send(res, response))
        .catch((err: unknown) => res.writeHead(500).end(String(err)));
      return;
    }
    res.writeHead(req.method === 'GET' ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' }).end('page stand-in\n');
  });
  server.on('upgrade', (req, socket, head) => front.handleUpgrade(req, socket, () => sandbox.handleUpgrade(req, socket, head)));
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // The port is known once listening (PORT may be 0): the portal context is built here.
    registerPortalContext(buildPortalContext({ host: sandbox, internalBase: `http://127.0.0.1:${port}`, dataDir, db: openLearnerDbFor(dataDir, process.env.KUBELAB_DATABASE_URL || undefined) }));
    console.log(JSON.stringify({ port }));
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
