/**
 * What one cluster's containers may use together, on top of each container's own budget
 * (shell/budget.ts): a disk for its containers (root filesystems, emptyDirs, PersistentVolumes),
 * a disk for its nodes (hostPath trees, container log files) and a CPU (interpreter steps per
 * wall second). One learner's cluster filling its disks or spinning its CPU gets ENOSPC or
 * waits; the other clusters in the process have budgets of their own. Figures and why: the
 * sandbox README's budgets section.
 */
import { DiskPool } from './vfs/disk-pool';
import { CpuBucket, REAL_WALL_TIMER, type WallTimer } from './shell/cpu-bucket';

export interface ClusterBudgetLimits {
  /** Bytes all the cluster's container filesystems, emptyDirs and PersistentVolumes may hold. */
  containerFsBytes: number;
  /** Bytes all the cluster's node filesystems (hostPath, /var/log/containers) may hold. */
  nodeFsBytes: number;
  /** Interpreter steps per wall second, shared by all the cluster's containers. */
  stepsPerWallSecond: number;
  /** Steps a cluster may run at once after an idle spell. */
  burstSteps: number;
}

export const DEFAULT_CLUSTER_BUDGET: ClusterBudgetLimits = {
  containerFsBytes: 256 * 1024 * 1024,
  nodeFsBytes: 64 * 1024 * 1024,
  stepsPerWallSecond: 10_000,
  burstSteps: 50_000,
};

export class ClusterBudget {
  readonly limits: ClusterBudgetLimits;
  readonly containerFs: DiskPool;
  readonly nodeFs: DiskPool;
  readonly cpu: CpuBucket;

  constructor(limits: Partial<ClusterBudgetLimits> = {}, wall: WallTimer = REAL_WALL_TIMER) {
    this.limits = { ...DEFAULT_CLUSTER_BUDGET, ...limits };
    this.containerFs = new DiskPool('container filesystems', this.limits.containerFsBytes);
    this.nodeFs = new DiskPool('node filesystems', this.limits.nodeFsBytes);
    this.cpu = new CpuBucket(this.limits.stepsPerWallSecond, this.limits.burstSteps, wall);
  }
}
