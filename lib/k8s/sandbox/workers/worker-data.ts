/**
 * What a sandbox worker is started with (workerData: structured-clonable) and the setup module
 * it loads to build its host: the composition root of the worker, as server.ts is the main
 * thread's.
 */
import type { SandboxHost, KubeconfigTls } from '../host';
import type { ClusterRecord } from '../records-file';
import type { ClusterOperations, ClusterStreams } from './front';
import type { PriorityTurns } from '../../../turns/turns';

export interface SandboxWorkerData {
  /** worker-main.ts's URL (boot.mjs imports it). */
  entry: string;
  /** The URL of a module exporting createWorkerHost (WorkerSetupModule). */
  setup: string;
  index: number;
  workers: number;
  dataDir?: string;
  tls?: KubeconfigTls;
  /** This worker's share of the awake clusters (KUBELAB_MAX_ACTIVE_CLUSTERS split over the workers). */
  maxActive?: number;
  idleMs?: number;
  /** SandboxHost's minIdleToEvictMs (tests shorten it). */
  minIdleToEvictMs?: number;
  /** Anything else a setup module needs (tests). */
  extra?: Record<string, unknown>;
}

export interface WorkerSetup {
  host: SandboxHost;
  operations: ClusterOperations;
  /** The named streams (the bench's events) run where the cluster lives. */
  streams?: ClusterStreams;
  /** Runs after the host closed (the store file closes). */
  afterClose?: () => void;
  /** The thread's turns (lib/turns/turns.ts); worker-main has them serve the port's messages at every slot. */
  turns?: PriorityTurns;
}

export interface WorkerSetupModule {
  createWorkerHost(data: SandboxWorkerData, reportRecords: (records: ClusterRecord[]) => void): WorkerSetup | Promise<WorkerSetup>;
}
