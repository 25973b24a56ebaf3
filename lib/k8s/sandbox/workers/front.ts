/**
 * The sandbox as the portal sees it: a SandboxFront. One interface for the two ways the portal
 * runs its clusters: in this thread (LocalSandboxFront over a SandboxHost: tests, the CLI,
 * KUBELAB_SANDBOX_WORKERS=0) or spread over worker threads (WorkerSandboxFront: each cluster
 * lives on exactly one worker, the main thread keeps the records and the HTTP front). Anything
 * that reaches a cluster goes through here, so nothing outside the sandbox holds a Cluster
 * object that might live on another thread: the Kubernetes API (handleRequest, handleUpgrade)
 * and named operations (run) whose arguments and results cross a thread as structured clones.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ClusterRecord } from '../records-file';
import type { KubeconfigTls } from '../host';
import type { ClusterNetwork } from '../network/types';

export interface SandboxFront {
  /** Whether a cluster with this id is kept (awake or asleep); answers from the records, loads nothing. */
  has(id: string): boolean;
  /** The record of a kept cluster (awake or asleep), without loading or waking it; undefined when unknown. */
  record(id: string): ClusterRecord | undefined;
  /** A new cluster, loaded. Rejects with ClusterLimitError or ClassFullError (matched by name: class-full.ts). */
  createCluster(opts?: { workers?: number; id?: string }): Promise<ClusterRecord>;
  /** The cluster loaded if it sleeps and marked used now; rejects with UnknownClusterError or ClassFullError. */
  wake(id: string): Promise<ClusterRecord>;
  /** Keeps the cluster awake (waking it) until release is called; see SandboxHost.hold. */
  hold(id: string): Promise<() => void>;
  /** Marks a cluster used now; unknown or sleeping ids are ignored. */
  touch(id: string): void;
  /** How long the clock was paused before the last wake, in seconds, once (SandboxHost.takePausedSeconds). */
  takePausedSeconds(id: string): Promise<number | undefined>;
  /** Removes the cluster and its stored objects. */
  deleteCluster(id: string): Promise<void>;
  listClusters(): ClusterRecord[];
  serverURL(base: string, id: string): string;
  kubeconfigTls(): KubeconfigTls | undefined;
  /**
   * Runs a named operation (ClusterOperations, given to whoever holds the clusters) on the
   * cluster, woken if it sleeps; with ifAwake, a sleeping cluster is not woken and the answer is
   * undefined (views that must not wake a class).
   */
  run(id: string, operation: ClusterOperation, opts?: { ifAwake?: boolean }): Promise<unknown>;
  /**
   * Opens a named stream (ClusterStreams) where the cluster lives, woken if it sleeps: its
   * chunks go to sink until the returned stop is called or the stream ends (sink.end, with a
   * message when it failed). Keeping the cluster awake meanwhile is the caller's (hold).
   */
  stream(id: string, stream: ClusterOperation, sink: StreamSink): () => void;
  /** The cluster's virtual network for a workstation next to it (undefined when it has none). */
  network(id: string): ClusterNetwork | undefined;
  /** Serves /k8s/* and tokened Kubernetes root paths; false for anything else. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Upgrades (exec, attach, port-forward) under /k8s/*; false for anything else. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Stops every cluster (awake ones put to sleep, clocks saved). */
  close(): Promise<void>;
}

/** A named operation on one cluster: plain data, so it can be posted to the worker holding it. */
export interface ClusterOperation {
  op: string;
  [arg: string]: unknown;
}

/**
 * What runs operations where the cluster lives: given to the LocalSandboxFront and to each
 * worker by the composition root (server.ts, the worker entry), so the sandbox does not import
 * the portal's checks. The cluster is the host's, awake.
 */
export type ClusterOperations = (cluster: import('../cluster').Cluster, operation: ClusterOperation) => Promise<unknown>;

/** Where a stream's chunks go on the portal's thread. */
export interface StreamSink {
  chunk(bytes: Uint8Array): void;
  /** The stream ended by itself: message says why when it failed (a stopped worker, an unknown stream). */
  end(message?: string): void;
}

/** A cluster's API as a stream reaches it where the cluster runs: the host's handler, the cluster's path on it and its token. */
export interface InProcessClusterApi {
  handle: (req: IncomingMessage, res: ServerResponse) => boolean;
  base: string;
  token: string;
}

/**
 * What opens named streams where the cluster lives (the bench's events), given like
 * ClusterOperations by the composition root; answers its stop. Chunks go to out; out throws
 * when the reader is gone.
 */
export type ClusterStreams = (api: InProcessClusterApi, stream: ClusterOperation, out: (chunk: Uint8Array) => void) => () => void;

/** An operation no runner knows. */
export class UnknownClusterOperationError extends Error {
  constructor(readonly op: string) {
    super(`no sandbox cluster operation named ${JSON.stringify(op)}`);
    this.name = 'UnknownClusterOperationError';
  }
}
