/**
 * Memory of the workstation shell per learner: N workstations, each having run a few typical
 * lines (a pipe, a loop, a file written in the home directory), measured as heap growth after
 * a full GC. Run: NODE_OPTIONS=--expose-gc node node_modules/tsx/dist/cli.mjs scripts/bench/workstation-memory.ts [N]
 */
import { MemoryHomeStore } from '../../lib/workstation/home-store';
import { Workstation } from '../../lib/workstation/workstation';
import type { KubectlRun } from '../../lib/workstation/commands';

const n = Number(process.argv[2] ?? 200);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with NODE_OPTIONS=--expose-gc');
// kubectl's output as the real one prints it for a small cluster (the real run is a separate process, not in this heap).
const kubectl: KubectlRun = async (_cmd, io) => {
  io.onOutput('NAME          READY   STATUS    RESTARTS   AGE\nweb-1         1/1     Running   0          5m\nweb-2         1/1     Running   0          5m\n');
  return 0;
};

gc();
const before = process.memoryUsage().heapUsed;
const stations: Workstation[] = [];
for (let i = 0; i < n; i++) {
  const ws = new Workstation(`bench-${i}`, new MemoryHomeStore(), { kubectl, resolveForward: async () => ({ error: 'none' }) });
  const run = (line: string) => ws.runLine(line, { onOutput: () => undefined, signal: new AbortController().signal });
  await run('kubectl get pods | grep web | wc -l');
  await run('for i in 1 2 3; do echo $i; done > notes.txt');
  await run('POD=$(kubectl get pods | tail -1 | cut -d" " -f1); echo $POD');
  stations.push(ws);
}
gc();
const after = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ workstations: n, heapBytesPerWorkstation: Math.round((after - before) / n), heapMiBTotal: +((after - before) / 1024 / 1024).toFixed(1) }));
for (const ws of stations) ws.close();
process.exit(0);
