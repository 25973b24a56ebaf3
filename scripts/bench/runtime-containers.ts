/**
 * Container runtime benchmark: CONTAINERS (default 1,000) containers started through the
 * product runtime (image rootfs, mounts, cluster network, budgets; no kubelet), each running
 * the parallel-job worker loop, on a WallClock at SCALE (default 10) virtual seconds per wall
 * second. Prints wall time, CPU time, RSS and lines logged.
 * Run: npx tsx scripts/bench/runtime-containers.ts
 */
import { WallClock } from '../../lib/k8s/sandbox/clock';
import { SandboxRuntime } from '../../lib/k8s/sandbox/runtime/sandbox-runtime';
import type { ClusterNetwork } from '../../lib/k8s/sandbox/network/types';

const CONTAINERS = Number(process.env.CONTAINERS ?? 1000);
const SCALE = Number(process.env.SCALE ?? 10);
const SCRIPT = 'for i in $(seq 1 5); do echo "Processing item $i"; sleep 2; done';

/** No Services in this benchmark: names do not resolve, nothing listens. */
const network: ClusterNetwork = { resolve: () => undefined, dial: () => 'EHOSTUNREACH', listen: () => () => undefined };

const clock = new WallClock({ scale: SCALE });
const runtime = new SandboxRuntime({ clock, net: network });
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let lines = 0;
const exits = [];
for (let n = 0; n < CONTAINERS; n++) {
  const c = runtime.start({
    namespace: 'default', podName: `parallel-job-${n}`, podUid: `uid-${n}`, nodeName: `worker-${(n % 3) + 1}`, podIP: `10.244.${(n % 3) + 1}.${(n % 250) + 2}`,
    hostname: `parallel-job-${n}`, containerName: 'worker', image: 'busybox:1.36', command: ['sh', '-c', SCRIPT], env: [], mounts: [], ports: [],
  }, () => lines++);
  exits.push(c.exited);
}
const results = await Promise.all(exits);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
const failed = results.filter((r) => r.exitCode !== 0).length;
console.log(`runtime: ${CONTAINERS} containers × worker loop at time scale ${SCALE}: wall ${(wall / 1000).toFixed(2)} s (the loop needs ${(10 / SCALE).toFixed(1)} s), CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, RSS ${(rss0 / 2 ** 20).toFixed(0)} → peak ${(peak / 2 ** 20).toFixed(0)} MiB, ${lines} lines, ${failed} failed`);
runtime.close();
process.exit(0);
