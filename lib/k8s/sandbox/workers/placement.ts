/**
 * Which worker a cluster lives on. A new cluster goes to the worker that holds the fewest, so a
 * class arriving together is spread evenly; clusters read from the records at start are placed
 * by a stable hash of their id (FNV-1a, 32 bits). The store file is shared, so a sleeping cluster
 * can move: when its worker's awake slots are all in use, it wakes on one with room
 * (worker-front.ts). A cluster is on exactly one worker at a time.
 */
export function hashedWorker(clusterId: string, workers: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < clusterId.length; i++) {
    h ^= clusterId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % workers;
}

/** The workers from the least to the most loaded (ties: lower index first). */
export function workersByLoad(counts: readonly number[]): number[] {
  return counts.map((n, i) => ({ n, i })).sort((a, b) => a.n - b.n || a.i - b.i).map((x) => x.i);
}
