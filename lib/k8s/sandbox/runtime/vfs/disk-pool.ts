/**
 * A disk shared by many filesystems: one per cluster for its containers (root filesystems,
 * emptyDirs, PersistentVolumes) and one for its nodes (hostPath trees, container logs). Every
 * MemoryVfs given a pool charges the bytes it stores beyond its image files; past the pool's
 * limit a write fails with ENOSPC inside the container, as on a real full disk, whichever
 * container or volume wrote first. Other clusters have pools of their own.
 */
import { VfsError } from '../vfs-types';

export class DiskPool {
  private used = 0;

  constructor(
    /** What the pool is (in messages and the benchmark): "container filesystems", "node filesystems". */
    readonly name: string,
    readonly limitBytes: number,
  ) {}

  usedBytes(): number {
    return this.used;
  }

  /** Signed: positive grows (throws ENOSPC past the limit, charging nothing), negative frees. */
  charge(deltaBytes: number, path: string): void {
    if (deltaBytes > 0 && this.used + deltaBytes > this.limitBytes) throw new VfsError('ENOSPC', path);
    this.used = Math.max(0, this.used + deltaBytes);
  }
}
