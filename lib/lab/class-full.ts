/**
 * The sandbox host's capacity refusals (a full class, the cap on kept clusters) as the lab
 * routes' LabError, so the bench shows their sentence and the API answers 503 with
 * Retry-After. Matched by name and shape, not instanceof: the host is built by server.ts and
 * route handlers are bundled apart, each with its own copy of the error classes.
 */
import { LabError } from './errors';

export class ClassFullLabError extends LabError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(503, message, 'ClassFull');
    this.name = 'ClassFullLabError';
  }
}

export class ClusterLimitLabError extends LabError {
  constructor(message: string) {
    super(503, message, 'ClusterLimit');
    this.name = 'ClusterLimitLabError';
  }
}

/**
 * The learner's cluster runs on another shard (KUBELAB_DATABASE_URL's leases: ClusterOnAnotherShardError,
 * ClusterLeaseLostError): retry, the ingress's hash or the lease's end brings it here.
 */
export class OnAnotherShardLabError extends LabError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(503, message, 'OnAnotherShard');
    this.name = 'OnAnotherShardLabError';
  }
}

/** The host's ClassFullError or ClusterLimitError as their LabError; anything else as it is. */
function asCapacityLabError(err: unknown): unknown {
  const e = err as { name?: unknown; message?: unknown; details?: { retryAfterSeconds?: unknown } };
  if (e?.name === 'ClassFullError' && typeof e.message === 'string') {
    const retry = typeof e.details?.retryAfterSeconds === 'number' ? e.details.retryAfterSeconds : 60;
    return new ClassFullLabError(e.message, retry);
  }
  if (e?.name === 'ClusterLimitError' && typeof e.message === 'string') return new ClusterLimitLabError(e.message);
  if ((e?.name === 'ClusterOnAnotherShardError' || e?.name === 'ClusterLeaseLostError') && typeof e.message === 'string') {
    return new OnAnotherShardLabError(e.message, typeof e.details?.retryAfterSeconds === 'number' ? e.details.retryAfterSeconds : 5);
  }
  return err;
}

/** Runs fn, turning the host's ClassFullError and ClusterLimitError into their LabError. */
export function withCapacityErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw asCapacityLabError(err);
  }
}

/** The same for the sandbox front's asynchronous calls (a cluster may wake on a worker thread). */
export async function withCapacityErrorsAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asCapacityLabError(err);
  }
}
