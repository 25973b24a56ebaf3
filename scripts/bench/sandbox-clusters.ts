/**
 * Benchmark: 200 sandbox clusters created in one process. Prints the time to create each
 * (median, p90, max) and the heap per idle cluster.
 * Run: node --expose-gc --import tsx scripts/bench/sandbox-clusters.ts
 */
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';

const CLUSTERS = 200;

function heap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function main(): void {
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }) });
  // Warm the module graph and JIT so the first cluster is not charged for it.
  host.deleteCluster(host.createCluster().record.id);
  const before = heap();
  const times: number[] = [];
  for (let i = 0; i < CLUSTERS; i++) {
    const s = performance.now();
    host.createCluster({ workers: 3 });
    times.push(performance.now() - s);
  }
  const after = heap();
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`created ${CLUSTERS} clusters (3 workers each): median ${sorted[CLUSTERS >> 1].toFixed(2)} ms, p90 ${sorted[Math.floor(CLUSTERS * 0.9)].toFixed(2)} ms, max ${sorted[CLUSTERS - 1].toFixed(2)} ms`);
  if (!(globalThis as { gc?: unknown }).gc) console.log('(run with node --expose-gc for a precise heap figure)');
  console.log(`heap per idle cluster: ${((after - before) / CLUSTERS / 1024 / 1024).toFixed(3)} MiB (total ${((after - before) / 1024 / 1024).toFixed(1)} MiB)`);
  host.close();
}

main();
