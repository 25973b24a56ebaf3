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

/**
 * Steps per wall second for all throttled clusters of the process together: with twenty busy
 * clusters each would take its 10,000 (0.4–0.8 s of CPU a second together on this machine);
 * past 100,000 they share this in turn (5,000 each), while clusters within their burst, the
 * ordinary ones, never wait on it.
 */
export const HOST_STEPS_PER_WALL_SECOND = 100_000;

/** The product's process-wide bucket (sandboxParts gives it to every cluster). */
export const HOST_CPU = new CpuBucket(HOST_STEPS_PER_WALL_SECOND, HOST_STEPS_PER_WALL_SECOND / 10);

export class ClusterBudget {
  readonly limits: ClusterBudgetLimits;
  readonly containerFs: DiskPool;
  readonly nodeFs: DiskPool;
  readonly cpu: CpuBucket;

  constructor(
    limits: Partial<ClusterBudgetLimits> = {},
    wall: WallTimer = REAL_WALL_TIMER,
    /** The process's bucket shared with other clusters (HOST_CPU in the product; none by default). */
    readonly hostCpu?: CpuBucket,
  ) {
    this.limits = { ...DEFAULT_CLUSTER_BUDGET, ...limits };
    this.containerFs = new DiskPool('container filesystems', this.limits.containerFsBytes);
    this.nodeFs = new DiskPool('node filesystems', this.limits.nodeFsBytes);
    this.cpu = new CpuBucket(this.limits.stepsPerWallSecond, this.limits.burstSteps, wall);
  }
}
