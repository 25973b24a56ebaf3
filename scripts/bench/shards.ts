/**
 * Three Kubelab shards behind Debian's NGINX (the multi-shard test's fleet: shard processes
 * without Next.js, the generated nginx.conf), LEARNERS learners (default 30) at once:
 *   - apply → first pod event: each learner's own kubectl watches pods through NGINX (the path of
 *     their kubeconfig, ?watch=true), then applies a Job through the portal API; the time until the
 *     watch delivers the Job's first pod (p50/p95);
 *   - the latency NGINX adds: ROUNDS (default 20) GETs of the learner's configmaps by their kubectl,
 *     alternately through NGINX and straight to the learner's shard (p50/p95 of each).
 * Usage: npx tsx scripts/bench/shards.ts   (needs nginx: apt-get install nginx)
 * Env: LEARNERS, ROUNDS. Prints the figures and the machine's load.
 */
import http from 'node:http';
import os from 'node:os';
import { ShardFleet } from '../../test/shards/testing/shard-fleet';

const LEARNERS = Number(process.env.LEARNERS ?? 30);
const ROUNDS = Number(process.env.ROUNDS ?? 20);

function request(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...init.headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function fmt(xs: number[]): string {
  return `p50 ${quantile(xs, 0.5).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms (n=${xs.length})`;
}

interface Learner {
  cookie: string;
  shardPort: number;
  k8sPath: string;
}

async function arrive(fleet: ShardFleet, i: number): Promise<Learner> {
  const port = fleet.nginxPort;
  const first = await request(port, '/lessons', { headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } });
  const cookie = /kubelab_learner=([^;]+)/.exec(String(first.headers['set-cookie'] ?? ''))![1];
  const headers = { cookie: `kubelab_learner=${cookie}` };
  const session = await request(port, '/api/lab/session', { method: 'POST', headers });
  if (session.status !== 200) throw new Error(`learner ${i}: session ${session.status} ${session.body}`);
  const kubeconfig = await request(port, '/api/lab/kubeconfig', { headers });
  const server = new URL(/server: (\S+)/.exec(kubeconfig.body)![1]);
  const shard = String(session.headers['x-kubelab-shard']);
  return { cookie, shardPort: fleet.shards.find((s) => s.id === shard)!.port, k8sPath: server.pathname.replace(/\/$/, '') };
}

/** Opens a pod watch through NGINX once its headers arrive; its event: when the first pod ADDED event arrived. */
function firstPodEvent(port: number, l: Learner): Promise<{ event: Promise<number> }> {
  return new Promise((resolve, reject) => {
    let onEvent!: (t: number) => void;
    const event = new Promise<number>((r) => (onEvent = r));
    const req = http.get({ host: '127.0.0.1', port, path: `${l.k8sPath}/api/v1/namespaces/default/pods?watch=true`, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      let buf = '';
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        if (/"type":"ADDED"/.test(buf)) {
          onEvent(performance.now());
          req.destroy();
        }
      });
      resolve({ event });
    });
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
  });
}

async function main(): Promise<void> {
  const fleet = new ShardFleet({ KUBELAB_SESSIONS_PER_MINUTE: '100000' });
  try {
    await Promise.all(['shard-a', 'shard-b', 'shard-c'].map((id) => fleet.addShard(id)));
    await fleet.startNginx();
    const learners = await Promise.all(Array.from({ length: LEARNERS }, (_, i) => arrive(fleet, i)));
    const yaml = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bench\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox:1.36\n        command: ["sh", "-c", "echo hi"]\n';
    const toEvent = await Promise.all(
      learners.map(async (l) => {
        const watch = await firstPodEvent(fleet.nginxPort, l);
        const started = performance.now();
        const applied = await request(fleet.nginxPort, '/api/lab/apply', { method: 'POST', headers: { cookie: `kubelab_learner=${l.cookie}`, 'content-type': 'application/json' }, body: JSON.stringify({ yaml }) });
        if (applied.status !== 200) throw new Error(`apply ${applied.status} ${applied.body}`);
        return (await watch.event) - started;
      }),
    );
    const viaNginx: number[] = [];
    const direct: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const l of learners) {
        for (const [port, into] of r % 2 ? ([[fleet.nginxPort, viaNginx], [l.shardPort, direct]] as const) : ([[l.shardPort, direct], [fleet.nginxPort, viaNginx]] as const)) {
          const t = performance.now();
          const got = await request(port, `${l.k8sPath}/api/v1/namespaces/default/configmaps`);
          if (got.status !== 200) throw new Error(`get ${got.status}`);
          into.push(performance.now() - t);
        }
      }
    }
    console.log(`shards: 3 behind nginx, ${LEARNERS} learners, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    console.log(`apply -> first pod event (watch through nginx): ${fmt(toEvent)}`);
    console.log(`kubectl get configmaps through nginx: ${fmt(viaNginx)}`);
    console.log(`kubectl get configmaps direct to the shard: ${fmt(direct)}`);
    console.log(`nginx adds: p50 ${(quantile(viaNginx, 0.5) - quantile(direct, 0.5)).toFixed(1)} ms`);
  } finally {
    await fleet.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
