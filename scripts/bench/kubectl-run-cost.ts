/**
 * What one terminal kubectl run costs the process that serves the terminal: its own CPU time
 * (process.cpuUsage: main thread and the in-process sandbox, not the kubectl processes, which
 * are children) and wall time per run, for RUNS runs of `kubectl get pods` and `kubectl exec`
 * WIDTH at a time against an embedded sandbox, through the real runner (confined). BALLAST_MB
 * of touched heap-external memory makes this process as large as a loaded portal (forking a
 * large process costs more, and that cost lands on the main thread). CPU time rather than
 * latency, so a loaded machine still gives comparable figures; run it in two checkouts to
 * compare runner versions.
 * Usage: npx tsx scripts/bench/kubectl-run-cost.ts   Env: RUNS (60), WIDTH (4), BALLAST_MB (1000)
 */
import { startTestServer } from '../../lib/k8s/sandbox/integration/support/test-server';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { runKubectl } from '../../lib/lab/kubectl/runner';

const RUNS = Number(process.env.RUNS ?? 60);
const WIDTH = Number(process.env.WIDTH ?? 4);
const BALLAST_MB = Number(process.env.BALLAST_MB ?? 1000);

const ballast = Buffer.alloc(BALLAST_MB * 2 ** 20, 1);
const s = await startTestServer(sandboxParts({ clusterId: 'run-cost' }));
const cluster = { id: s.clusterId, token: s.token, handler: s.host };
const run = async (args: string[], stdin?: string) => {
  let out = '';
  const r = await runKubectl({ args, follows: false }, { cluster, stdin, signal: new AbortController().signal, onOutput: (c) => (out += c) });
  return { ...r, out };
};
await run(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: rx\nspec:\n  containers:\n  - name: main\n    image: busybox:1.36\n    command: ["sh", "-c", "sleep 36000"]\n');

async function measure(label: string, args: string[]) {
  await run(args); // warm: the spawner, the discovery cache
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let failed = 0;
  let next = 0;
  await Promise.all(Array.from({ length: WIDTH }, async () => {
    while (next++ < RUNS) if ((await run(args)).exitCode === null) failed++;
  }));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(`${label}: ${RUNS} runs, ${WIDTH} at a time: this process's CPU ${((cpu.user + cpu.system) / 1000 / RUNS).toFixed(1)} ms a run (user ${(cpu.user / 1000 / RUNS).toFixed(1)}, system ${(cpu.system / 1000 / RUNS).toFixed(1)}); wall ${(wall / RUNS).toFixed(0)} ms a run; ${failed} cut off`);
}

console.log(`process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (ballast ${ballast.length / 2 ** 20} MiB); load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
await measure('kubectl get pods', ['get', 'pods']);
// The embedded test sandbox leaves the pod Pending: the exec is answered "container not found",
// after kubectl's discovery, its GET of the pod and the refused upgrade (exit code 1, expected).
await measure('kubectl exec rx -- sh -c "echo hi" (refused: pod pending)', ['exec', 'rx', '--', 'sh', '-c', 'echo hi']);
await s.close();
process.exit(0);
