/**
 * How many sandbox clusters one portal keeps, and for how long an unused one stays awake:
 * the settings server.ts gives the SandboxHost, read from the environment with defaults
 * sized for the machine.
 */
import os from 'node:os';

/**
 * Memory planned per awake cluster. Measured: a product cluster running Exercise 5.3 (three
 * Jobs and a 3-replica StatefulSet, SQLite store) adds about 3 MiB of RSS once settled
 * (scripts/bench/wake.ts and sandbox-workloads.ts clusters; figures in scripts/bench/RESULTS.md).
 * A learner's cluster grows over a session (watch history, logs, container files, each with its
 * own budget), so plan for five times that.
 */
export const AWAKE_CLUSTER_BUDGET_BYTES = 16 * 2 ** 20;

/** The share of the machine's memory awake clusters may plan on; the rest is Node, Next.js and the OS. */
export const MEMORY_SHARE = 0.6;

/**
 * Awake clusters per core at most: every awake cluster runs its controllers, kubelets and
 * containers on the one JavaScript thread; 100 clusters running Exercise 5.3 at time scale 1
 * took about 0.4 of a core (sandbox-workloads.ts clusters), and learners press Apply together.
 */
export const MAX_AWAKE_PER_CORE = 50;

export const DEFAULT_IDLE_MINUTES = 20;

/**
 * Clusters kept on disk (awake or asleep) by default: a course of 1,000 learners, twice over.
 * Each sleeping cluster costs a record (~200 bytes) and its objects in the store file (about
 * 0.75 MB for Exercise 5.3 with its Events: 1,000 such clusters made a 737 MiB file in wake.ts).
 */
export const DEFAULT_MAX_CLUSTERS = 2_000;

export function defaultMaxActiveClusters(totalMemBytes = os.totalmem(), cores = os.availableParallelism()): number {
  const byMemory = Math.floor((totalMemBytes * MEMORY_SHARE) / AWAKE_CLUSTER_BUDGET_BYTES);
  return Math.max(1, Math.min(byMemory, cores * MAX_AWAKE_PER_CORE));
}

export class InvalidCapacitySettingError extends Error {
  constructor(readonly variable: string, readonly value: string, expected: string) {
    super(`${variable}=${JSON.stringify(value.slice(0, 80))}: expected ${expected}`);
    this.name = 'InvalidCapacitySettingError';
  }
}

export interface HostCapacity {
  /** A cluster unused this long is put to sleep. */
  idleMs: number;
  /** Clusters awake at once. */
  maxActive: number;
  /** Clusters kept, awake or asleep. */
  maxClusters: number;
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidCapacitySettingError(name, raw, `a whole number from 1 to ${max}`);
  return n;
}

/** KUBELAB_IDLE_MINUTES, KUBELAB_MAX_ACTIVE_CLUSTERS, KUBELAB_MAX_CLUSTERS; a malformed value stops the start. */
export function capacityFromEnv(env: Record<string, string | undefined> = process.env): HostCapacity {
  return {
    idleMs: positiveInt(env, 'KUBELAB_IDLE_MINUTES', DEFAULT_IDLE_MINUTES, 7 * 24 * 60) * 60_000,
    maxActive: positiveInt(env, 'KUBELAB_MAX_ACTIVE_CLUSTERS', defaultMaxActiveClusters(), 100_000),
    maxClusters: positiveInt(env, 'KUBELAB_MAX_CLUSTERS', DEFAULT_MAX_CLUSTERS, 1_000_000),
  };
}
