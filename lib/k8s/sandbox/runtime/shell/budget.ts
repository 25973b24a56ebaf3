/**
 * Per-container limits, so a runaway script cannot hurt the portal: a `while true` loop is
 * paced to a number of interpreter steps per virtual second (it keeps running, slowly, as a
 * busy container would on a throttled CPU), and crossing a hard limit (total steps, output
 * bytes, file bytes held, concurrent processes) throws BudgetExceededError, which ends the
 * container with the error's message. Per cluster, on top (SharedBudget, from
 * runtime/cluster-budget.ts): steps per WALL second shared by all its containers.
 */
import { BudgetExceededError, type Budget } from './command';
import type { CpuBucket } from './cpu-bucket';

export interface BudgetLimits {
  /** Interpreter steps per virtual second before the shell waits for the clock. */
  stepsPerSecond: number;
  /** Total interpreter steps over the container's life. */
  maxSteps: number;
  /** Bytes written to stdout and stderr (the container log). */
  maxOutputBytes: number;
  /** Net bytes the container holds in files it wrote (emptyDir, rootfs); memory-backed. */
  maxFileBytes: number;
  /** Concurrent processes: subshells, pipeline stages, background jobs. */
  maxProcesses: number;
  /**
   * resources.limits.memory in bytes, if set: the container's memory (memoryBytes()) may not pass
   * it, as the kernel's OOM killer ends a cgroup that does (the kubelet then reports OOMKilled).
   */
  memoryLimitBytes?: number;
}

/** A busybox shell's resident set, about 1 MiB: what each live process adds to a container's memory. */
export const PROCESS_RESIDENT_BYTES = 1024 * 1024;

export const DEFAULT_BUDGET_LIMITS: BudgetLimits = {
  stepsPerSecond: 5_000,
  maxSteps: 20_000_000,
  maxOutputBytes: 8 * 1024 * 1024,
  maxFileBytes: 64 * 1024 * 1024,
  maxProcesses: 128,
};

/** What a container shares with the rest of its cluster. */
export interface SharedBudget {
  /** The cluster's steps per wall second (cpu-bucket.ts); the Pacer takes its steps from it. */
  cpu?: CpuBucket;
  /**
   * The process's steps per wall second for throttled clusters: a cluster past its burst also
   * takes its steps from this one, so many busy clusters together cannot take the whole thread.
   */
  hostCpu?: CpuBucket;
}

export class ContainerBudget implements Budget {
  readonly limits: BudgetLimits;
  readonly cpu: CpuBucket | undefined;
  readonly hostCpu: CpuBucket | undefined;
  steps = 0;
  outputBytes = 0;
  fileBytesHeld = 0;
  processes = 0;

  constructor(limits: Partial<BudgetLimits> = {}, shared: SharedBudget = {}) {
    this.limits = { ...DEFAULT_BUDGET_LIMITS, ...limits };
    this.cpu = shared.cpu;
    this.hostCpu = shared.hostCpu;
  }

  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.limits.maxSteps) throw new BudgetExceededError('steps', this.limits.maxSteps, `container exceeded its CPU budget (${this.limits.maxSteps} shell steps)`);
  }

  output(bytes: number): void {
    this.outputBytes += bytes;
    if (this.outputBytes > this.limits.maxOutputBytes) throw new BudgetExceededError('output', this.limits.maxOutputBytes, `container exceeded its log output budget (${this.limits.maxOutputBytes} bytes)`);
  }

  /** Signed: writes add, truncations and deletions give bytes back. */
  fileBytes(bytes: number): void {
    const next = Math.max(0, this.fileBytesHeld + bytes);
    if (bytes > 0 && next > this.limits.maxFileBytes) throw new BudgetExceededError('fileBytes', this.limits.maxFileBytes, `container exceeded its file storage budget (${this.limits.maxFileBytes} bytes)`);
    if (bytes > 0) this.checkMemory(this.processes, next);
    this.fileBytesHeld = next;
  }

  /**
   * What the container's cgroup would hold: each live process's resident set (the main process
   * is not among `processes`, which counts the ones it starts) plus the bytes of the files it
   * holds (writable layer and emptyDirs live in memory here, like a tmpfs).
   */
  memoryBytes(processes = this.processes, fileBytes = this.fileBytesHeld): number {
    return (processes + 1) * PROCESS_RESIDENT_BYTES + fileBytes;
  }

  /** The OOM killer's rule (mm/memcontrol.c): a charge that would take the cgroup past memory.max kills it. */
  private checkMemory(processes: number, fileBytes: number): void {
    const limit = this.limits.memoryLimitBytes;
    if (limit === undefined) return;
    const used = this.memoryBytes(processes, fileBytes);
    if (used > limit) throw new BudgetExceededError('memory', limit, `container exceeded its memory limit (${used} of ${limit} bytes)`);
  }

  process(): () => void {
    if (this.processes >= this.limits.maxProcesses) throw new BudgetExceededError('processes', this.limits.maxProcesses, `container exceeded its process limit (${this.limits.maxProcesses} processes): fork bomb?`);
    this.checkMemory(this.processes + 1, this.fileBytesHeld);
    this.processes++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.processes--;
    };
  }
}

export function createBudget(limits: Partial<BudgetLimits> = {}, shared: SharedBudget = {}): ContainerBudget {
  return new ContainerBudget(limits, shared);
}
