/**
 * A synchronous door to PostgreSQL, shared by the sandbox's cluster store and the learners'
 * database. Both are used synchronously (the store's persistence loads a cluster inside the
 * request that wakes it; the learners' modules read and write like better-sqlite3), but every
 * PostgreSQL client for Node is asynchronous. So the connection lives on a worker thread
 * (bridge-worker.mjs with `pg`, running the operations module it is given): a call posts its
 * operation on a MessagePort and waits on a shared flag (Atomics.wait, bounded); the worker
 * answers on the port, sets the flag to the call's id and wakes the caller, which takes the
 * answer with receiveMessageOnPort. Answers are structured clones, so thousands of rows come
 * back in one answer. The caller's thread is blocked for the round trip: the same trade as
 * better-sqlite3's synchronous calls, with a network hop instead of a disk write.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

type Answer = { id: number; ok: boolean; value?: unknown; error?: string; code?: string };

/** The operations a bridge runs (an interface): each an async function on the worker's one connection, close() among them. */
export type BridgeOperations<Ops> = { [K in keyof Ops]: (...args: never[]) => Promise<unknown> } & { close(): Promise<unknown> };
type ArgsOf<F> = F extends (...args: infer A) => unknown ? A : never;
type ResultOf<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

/** The bridge's thread did not answer in time (a stuck server or network). */
export class DatabaseCallTimeoutError extends Error {
  constructor(readonly op: string, readonly timeoutMs: number) {
    super(`PostgreSQL did not answer ${op} within ${timeoutMs} ms`);
    this.name = 'DatabaseCallTimeoutError';
  }
}

/** PostgreSQL (or the connection to it) refused a call; code is PostgreSQL's SQLSTATE when it gave one. */
export class DatabaseCallError extends Error {
  constructor(readonly op: string, message: string, readonly code?: string) {
    super(`${op}: ${message}`);
    this.name = 'DatabaseCallError';
  }
}

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export interface SyncBridgeOptions {
  /** The operations module (a file URL of plain JavaScript exporting connectOperations(url, schema)). */
  operations: URL;
  /** A schema to create and use (tests: one per test). */
  schema?: string;
  timeoutMs?: number;
  /** The thread's name (shown in profiles and inspectors). */
  name?: string;
}

export class SyncBridge<Ops extends BridgeOperations<Ops>> {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private readonly timeoutMs: number;
  private nextId = 1;
  private closed = false;

  constructor(url: string, opts: SyncBridgeOptions) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const flag = new SharedArrayBuffer(4);
    this.signal = new Int32Array(flag);
    this.worker = new Worker(new URL('./bridge-worker.mjs', import.meta.url), {
      workerData: { port: port2, flag, url, schema: opts.schema, operations: opts.operations.href },
      transferList: [port2],
      name: opts.name ?? 'kubelab-postgres',
    });
    // The thread must not keep a stopping process alive; close() ends it anyway.
    this.worker.unref();
    try {
      this.await(-1, 'start');
    } catch (err) {
      void this.worker.terminate();
      throw err;
    }
  }

  /** Runs one operation on the bridge's connection and returns its result; throws its error. */
  call<K extends keyof Ops & string>(op: K, ...args: ArgsOf<Ops[K]>): ResultOf<Ops[K]> {
    if (this.closed) throw new DatabaseCallError(op, 'the connection is closed');
    const id = this.nextId++;
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ id, op, args });
    return this.await(id, op) as ResultOf<Ops[K]>;
  }

  private await(id: number, op: string): unknown {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const v = Atomics.load(this.signal, 0);
      if (v === id) break;
      const left = deadline - Date.now();
      if (left <= 0) throw new DatabaseCallTimeoutError(op, this.timeoutMs);
      Atomics.wait(this.signal, 0, v, left);
    }
    const want = id === -1 ? 0 : id;
    // Answers of calls that timed out earlier may come first: skip them.
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const answer = m.message as Answer;
      if (answer.id !== want) continue;
      if (!answer.ok) throw new DatabaseCallError(op, answer.error ?? 'failed', answer.code);
      return answer.value;
    }
    throw new DatabaseCallError(op, 'the answer was lost');
  }

  /** Closes the connection and ends the thread. */
  close(): void {
    if (this.closed) return;
    try {
      this.call('close', ...([] as unknown as ArgsOf<Ops['close']>));
    } finally {
      this.closed = true;
      this.port.close();
      void this.worker.terminate();
    }
  }
}
