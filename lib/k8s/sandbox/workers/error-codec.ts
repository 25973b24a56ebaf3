/**
 * Errors across a thread: a worker's refusal (ClassFullError, a Kubernetes Status, a node
 * operation refused) reaches the main thread as its name, message and Status fields. It is
 * rebuilt as a plain Error carrying them: the portal matches such errors by name and shape
 * (class-full.ts), never by instanceof, since route bundles have their own copies of the classes.
 */
export interface EncodedError {
  name: string;
  message: string;
  code?: number;
  reason?: string;
  details?: unknown;
  node?: string;
}

export function encodeError(err: unknown): EncodedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const e = err as Error & Partial<Omit<EncodedError, 'name' | 'message'>>;
  const out: EncodedError = { name: e.name, message: e.message };
  if (typeof e.code === 'number') out.code = e.code;
  if (typeof e.reason === 'string') out.reason = e.reason;
  if (e.details !== undefined) out.details = structuredClone(e.details);
  if (typeof e.node === 'string') out.node = e.node;
  return out;
}

/** The error as the main thread throws it: same name, message and Status fields. */
export class WorkerError extends Error {
  readonly code?: number;
  readonly reason?: string;
  readonly details?: unknown;
  readonly node?: string;
  constructor(encoded: EncodedError) {
    super(encoded.message);
    this.name = encoded.name;
    this.code = encoded.code;
    this.reason = encoded.reason;
    this.details = encoded.details;
    this.node = encoded.node;
  }

  /** The Status body an API client gets for it, as StatusError.toStatus gives. */
  toStatus(): Record<string, unknown> {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code, ...(this.details ? { details: this.details } : {}) };
  }
}
