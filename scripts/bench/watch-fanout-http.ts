/**
 * Watch fan-out over the real HTTP API: 100 `?watch=true` streams on one sandbox cluster (what
 * kubectl -w and client-node open), 10,000 ConfigMap updates written through the store;
 * prints events/s delivered to the clients and the p99 delay from write to the client parsing
 * the line. Server and clients share one process and one clock, so delays are comparable.
 * Run: npx tsx scripts/bench/watch-fanout-http.ts [burst]   (writes between event-loop yields, default 10)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';

const WATCHERS = 100;
const UPDATES = 10_000;
const OBJECTS = 100;
const BURST = Number(process.argv[2] ?? 10);
const gr = { group: '', resource: 'configmaps' };

async function main(): Promise<void> {
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }), limits: { maxWatches: WATCHERS + 10, maxObjects: 10_000 } });
  const { record, cluster } = host.createCluster({ workers: 1 });
  const server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = host.serverURL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, record.id);

  for (let i = 0; i < OBJECTS; i++) cluster.store.create(gr, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' }, data: { t: '0' } });
  const rv = cluster.store.resourceVersion();

  const expected = WATCHERS * UPDATES;
  let delivered = 0;
  const delays: number[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: WATCHERS + 5 });
  await Promise.all(
    Array.from({ length: WATCHERS }, () =>
      new Promise<void>((ready) => {
        http.get(`${base}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, { agent }, (res) => {
          let buf = '';
          res.setEncoding('utf8');
          ready();
          res.on('data', (chunk: string) => {
            buf += chunk;
            let nl;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              const e = JSON.parse(line) as { type: string; object: { data?: { t?: string } } };
              if (e.type !== 'MODIFIED') continue;
              delays.push(performance.now() - Number(e.object.data?.t));
              if (++delivered === expected) done();
            }
          });
        });
      }),
    ),
  );
  await new Promise((r) => setTimeout(r, 200)); // let every stream register its watch

  const started = performance.now();
  for (let i = 0; i < UPDATES; i++) {
    const name = `cm-${i % OBJECTS}`;
    const obj = cluster.store.get(gr, 'default', name)!;
    obj.data = { t: String(performance.now()) };
    cluster.store.update(gr, obj);
    // Yield now and then so sockets drain while writes continue, as with real clients.
    if (i % BURST === BURST - 1) await new Promise((r) => setImmediate(r));
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  delays.sort((a, b) => a - b);
  const p = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))].toFixed(1);
  console.log(`HTTP watch fan-out (bursts of ${BURST} writes): ${UPDATES} updates x ${WATCHERS} streams = ${delivered} events in ${seconds.toFixed(2)} s = ${Math.round(delivered / seconds)} events/s; delay p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (target > 20,000 events/s, p99 < 50 ms)`);
  agent.destroy();
  host.close();
  server.closeAllConnections();
  server.close();
}

void main();
