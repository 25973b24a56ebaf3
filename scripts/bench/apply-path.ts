/**
 * The CPU cost of the lab bench's apply path per learner, in one process without Next.js or
 * sockets, so two versions of the code can be compared on a machine others are using (wall
 * times there mean little; CPU time of a fixed amount of work means more).
 *
 * LEARNERS clusters (default 50) on one SandboxHost with the product's parts and its SQLite
 * group commit, each with the bench's ClusterStream open (client-node over the in-process
 * dispatcher, every event serialised as the stream route does). Then every learner applies a
 * Job, a 3-replica StatefulSet and a DaemonSet at once (applyManifests, as the apply route);
 * the bench waits for each learner's first pod event and then until the process settles.
 * Prints CPU ms per learner: opening the streams, the applies until every first pod event,
 * and the applies until settled (a second under SETTLED_CPU_MS of CPU); ROUNDS (default 1)
 * repeats the applies under fresh names on the same clusters.
 *
 * Usage: npx tsx scripts/bench/apply-path.ts    (node --cpu-prof ... for a profile)
 * Env: LEARNERS, ROUNDS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyManifests } from '../../lib/k8s/client/apply';
import { InProcessDispatcher } from '../../lib/k8s/client/in-process';
import { clientKubeConfig } from '../../lib/k8s/client/kubeconfig';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from '../../lib/k8s/sandbox/store/sqlite-persistence';
import { ClusterStream, encodeCursor } from '../../lib/k8s/watch/cluster-stream';
import { clientNodeWatchTransport } from '../../lib/k8s/watch/client-node-watch-transport';

const LEARNERS = Number(process.env.LEARNERS ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const SETTLED_CPU_MS = 50;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sts = (n: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${n}\nspec:\n  serviceName: ${n}\n  replicas: 3\n  selector:\n    matchLabels: {app: ${n}}\n  template:\n    metadata:\n      labels: {app: ${n}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n`;
/** The class-capacity bench's burst: a Job, a 3-replica StatefulSet and a DaemonSet. */
const burst = (r: number) => [
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi-r${r}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: busybox:1.36\n        command: ["sh", "-c", "echo 3.14159"]\n`,
  sts(`web-r${r}`),
  `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent-r${r}\nspec:\n  selector:\n    matchLabels: {app: agent-r${r}}\n  template:\n    metadata:\n      labels: {app: agent-r${r}}\n    spec:\n      containers:\n      - name: agent\n        image: busybox:1.36\n        command: ["sleep", "36000"]\n`,
].join('---\n');

interface Learner {
  stream: ClusterStream;
  kc: ReturnType<typeof clientKubeConfig>;
  /** Resolvers waiting for a pod whose name starts with a prefix. */
  waiting: { prefix: string; resolve: () => void }[];
  bytes: number;
}

async function settle(): Promise<number> {
  const start = cpuMs();
  let last = start;
  for (let i = 0; i < 60; i++) {
    await sleep(1000);
    const now = cpuMs();
    if (now - last < SETTLED_CPU_MS) return now - start;
    last = now;
  }
  return last - start;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-apply-path-'));
  const storeFile = new SqliteStoreFile(dir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS });
  const host = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id, storeFile }), components: productComponents, maxClusters: LEARNERS + 10, maxActive: LEARNERS + 10 });
  const dispatcher = new InProcessDispatcher((req, res) => host.handleRequest(req, res));
  const c0 = cpuMs();
  const learners: Learner[] = [];
  for (let i = 0; i < LEARNERS; i++) {
    const { record } = host.createCluster({ workers: 3 });
    const kc = clientKubeConfig({ server: host.serverURL('http://127.0.0.1:3000', record.id), token: record.token }, 'kubelab', { dispatcher });
    learners.push({ kc, waiting: [], bytes: 0, stream: undefined as unknown as ClusterStream });
  }
  const c1 = cpuMs();
  await Promise.all(learners.map((l) => new Promise<void>((resolve, reject) => {
    l.stream = new ClusterStream({
      transport: clientNodeWatchTransport(l.kc),
      namespace: 'default',
      onEvent: (event, cursor) => {
        // What the stream route sends for it.
        l.bytes += `id: ${encodeCursor(cursor)}\ndata: ${JSON.stringify(event)}\n\n`.length;
        if (event.type === 'SNAPSHOT' && event.resource === 'pods') resolve();
        if (event.type === 'ADDED' && event.resource === 'pods') {
          const name = event.object.metadata?.name ?? '';
          l.waiting = l.waiting.filter((w) => (name.startsWith(w.prefix) ? (w.resolve(), false) : true));
        }
      },
      onError: reject,
    });
    l.stream.start();
  })));
  const c2 = cpuMs();
  console.log(`${LEARNERS} clusters: created ${((c1 - c0) / LEARNERS).toFixed(1)} CPU ms each, streams opened ${((c2 - c1) / LEARNERS).toFixed(1)} CPU ms each`);
  await sleep(1000);

  for (let r = 1; r <= ROUNDS; r++) {
    const before = cpuMs();
    const t0 = performance.now();
    const latencies: number[] = [];
    await Promise.all(learners.map(async (l) => {
      const seen = ['pi', 'web', 'agent'].map((p) => new Promise<void>((resolve) => l.waiting.push({ prefix: `${p}-r${r}-`, resolve })));
      const start = performance.now();
      const results = await applyManifests(l.kc, burst(r), { namespace: 'default' });
      const bad = results.find((x) => x.action === 'error');
      if (bad) throw new Error(`apply: ${bad.summary}`);
      await Promise.race(seen);
      latencies.push(performance.now() - start);
    }));
    const firstEvents = cpuMs() - before;
    const wall = performance.now() - t0;
    const settled = firstEvents + (await settle());
    latencies.sort((a, b) => a - b);
    console.log(`round ${r}: applies until every first pod event ${(firstEvents / LEARNERS).toFixed(1)} CPU ms a learner (wall ${wall.toFixed(0)} ms, p95 ${latencies[Math.floor(latencies.length * 0.95)].toFixed(0)} ms); until settled ${(settled / LEARNERS).toFixed(1)} CPU ms a learner`);
  }
  for (const l of learners) l.stream.close();
  host.close();
  storeFile.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
