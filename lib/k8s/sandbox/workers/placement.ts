/**
 * Which worker a cluster lives on: a stable hash of its id (FNV-1a, 32 bits) modulo the number
 * of workers. Stable across restarts, so a cluster wakes on the same worker it slept on; with
 * another number of workers it simply wakes elsewhere (the store file is shared).
 */
export function workerOf(clusterId: string, workers: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < clusterId.length; i++) {
    h ^= clusterId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % workers;
}
