/**
 * The CPU cost of opening the lab bench's stream on a woken cluster: the eleven lists of
 * lib/k8s/watch/resources.ts, asked in process as the stream asks them where the cluster runs
 * (lib/k8s/watch/in-process-watch-transport.ts), each answer parsed. Compares lists that ask
 * the sandbox to omit managedFields (what ClusterStream sends: the stored versions are read in
 * place) with plain ones (finished and deep-copied one by one), alternating in one process, so
 * a busy machine slows both alike. A class opening its benches together pays this a hundred
 * times at once (scripts/bench/class-capacity.mjs capacity).
 *
 * One cluster running Exercise 5.3 two virtual minutes on (support/exercise-53.ts), woken from
 * the store as after a sleep. Prints CPU µs per opening for each mode, and the bytes listed.
 *
 * Usage: npx tsx scripts/bench/stream-open.ts    Env: OPENS (default 200 a round), ROUNDS (5).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { answerText } from '../../lib/k8s/client/in-process';
import { clusterPath, SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { OMIT_MANAGED_FIELDS_PARAM } from '../../lib/k8s/sandbox/pure';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from '../../lib/k8s/sandbox/store/sqlite-persistence';
import { inProcessWatchTransport } from '../../lib/k8s/watch/in-process-watch-transport';
import { WATCHED } from '../../lib/k8s/watch/resources';
import { storeExercise53Clusters } from './support/exercise-53';
import { cpuUs, median } from './support/stats.mjs';

const OPENS = Number(process.env.OPENS ?? 200);
const ROUNDS = Number(process.env.ROUNDS ?? 5);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-stream-open-'));
const { records } = await storeExercise53Clusters(dir, 0, (m) => m);
const file = new SqliteStoreFile(dir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS });
const host = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file }), components: productComponents });
const record = records[0];
host.wake(record.id);
const transport = inProcessWatchTransport({ handle: (req, res) => host.handleRequest(req, res), base: clusterPath(record.id), token: record.token });
const paths = WATCHED.map((r) => r.path.replace('{ns}', 'default'));

async function open(query: Record<string, string>): Promise<number> {
  let items = 0;
  for (const list of await Promise.all(paths.map((p) => transport.list(p, query)))) items += list.items.length;
  return items;
}

const modes: [string, Record<string, string>][] = [
  ['without managedFields (the stream now)', { [OMIT_MANAGED_FIELDS_PARAM]: 'true' }],
  ['plain lists (before)', {}],
];
const perOpen = new Map<string, number[]>(modes.map(([name]) => [name, []]));
// Warm both paths first.
for (const [, q] of modes) for (let i = 0; i < 20; i++) await open(q);
let items = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, q] of modes) {
    const start = cpuUs();
    for (let i = 0; i < OPENS; i++) items = await open(q);
    perOpen.get(name)!.push((cpuUs() - start) / OPENS);
  }
}
/** The bytes the eleven answers weigh. */
const bytes = async (q: Record<string, string>) => {
  const query = new URLSearchParams(q).toString();
  const answers = await Promise.all(paths.map((p) => answerText((req, res) => host.handleRequest(req, res), { method: 'GET', path: `${clusterPath(record.id)}${p}${query ? `?${query}` : ''}`, headers: { authorization: `Bearer ${record.token}` }, body: undefined })));
  return answers.reduce((n, a) => n + a.text.length, 0);
};

console.log(`opening the bench's stream (${paths.length} lists, ${items} objects) on one Exercise 5.3 cluster, ${OPENS} opens × ${ROUNDS} rounds, alternating:`);
for (const [name, q] of modes) console.log(`  ${name}: median ${median(perOpen.get(name)!).toFixed(0)} CPU µs an opening (rounds ${perOpen.get(name)!.map((x) => x.toFixed(0)).join(', ')}); ${await bytes(q)} bytes listed`);
host.close();
file.close();
fs.rmSync(dir, { recursive: true, force: true });
