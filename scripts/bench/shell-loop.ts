/**
 * Container shell benchmark: 1,000 concurrent shells running the parallel-job worker loop
 *   for i in $(seq 1 5); do echo "Processing item $i"; sleep 2; done
 * on a WallClock at scale 10 (10 virtual seconds per wall second), each in its own
 * filesystem, as 1,000 Job pods would be. Prints wall time, CPU time (process.cpuUsage,
 * user+system), RSS before/after and the lines produced.
 * Run: npx tsx scripts/bench/shell-loop.ts   (SHELLS=2000 SCALE=10 to vary)
 */
import { WallClock } from '../../lib/k8s/sandbox/clock';
import { spawnProcess, type ProcessExit } from '../../lib/k8s/sandbox/runtime/shell/spawn';
import { MemoryVfs } from '../../lib/k8s/sandbox/runtime/vfs/memory-vfs';
import { EMPTY_NETWORK } from '../../lib/k8s/sandbox/runtime/shell/test-driver';

const SHELLS = Number(process.env.SHELLS ?? 1000);
const SCALE = Number(process.env.SCALE ?? 10);
const SCRIPT = 'for i in $(seq 1 5); do echo "Processing item $i"; sleep 2; done';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const clock = new WallClock({ scale: SCALE });
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  let lines = 0;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const exits: Promise<ProcessExit>[] = [];
  for (let n = 0; n < SHELLS; n++) {
    const p = spawnProcess({
      argv: ['sh', '-c', SCRIPT],
      fs: new MemoryVfs({ now: () => clock.now() }),
      clock,
      net: EMPTY_NETWORK,
      pod: { namespace: 'default', name: `worker-${n}`, hostname: `worker-${n}`, ip: `10.244.${n >> 8}.${n & 255}`, node: 'worker-1' },
      onStdout: (chunk) => (lines += chunk.split('\n').length - 1),
      onStderr: (chunk) => process.stderr.write(chunk),
    });
    exits.push(p.exited);
  }
  const results = await Promise.all(exits);
  clearInterval(sampler);
  clock.dispose();
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  const failed = results.filter((r) => r.code !== 0).length;
  console.log(`${SHELLS} shells, WallClock scale ${SCALE}: ${lines} lines (expected ${SHELLS * 5}), ${failed} failed`);
  console.log(`wall ${(wallMs / 1000).toFixed(2)} s (virtual ${((wallMs * SCALE) / 1000).toFixed(1)} s; the loop needs 10 virtual s)`);
  console.log(`CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (user ${(cpu.user / 1000).toFixed(0)} ms, system ${(cpu.system / 1000).toFixed(0)} ms)`);
  console.log(`RSS before ${mb(rssBefore)}, peak ${mb(peakRss)}, after ${mb(process.memoryUsage().rss)}`);
}

void main();
