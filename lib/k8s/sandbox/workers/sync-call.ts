/**
 * A call the main thread must answer synchronously from a worker: a workstation's shell resolves
 * names and dials addresses of the learner's cluster network in the middle of a command, and
 * ClusterNetwork's resolve and dial return at once. The caller posts a SharedArrayBuffer with
 * the call and waits on it (Atomics.wait, bounded); the worker writes the answer as JSON and
 * wakes it. Only those two small lookups go this way; everything else is asynchronous.
 */

/** Room for one answer: a resolve's addresses or a dial's listener number. */
const ANSWER_BYTES = 64 * 1024;
const PENDING = 0;
const ANSWERED = 1;

export class SyncCallTimeoutError extends Error {
  constructor(readonly what: string, readonly timeoutMs: number) {
    super(`${what}: the sandbox worker did not answer within ${timeoutMs} ms`);
    this.name = 'SyncCallTimeoutError';
  }
}

export class SyncCallFailedError extends Error {
  constructor(readonly what: string, message: string) {
    super(`${what}: ${message}`);
    this.name = 'SyncCallFailedError';
  }
}

/** Posts the call (send gets the buffer to answer in) and waits for the answer; throws on timeout or the worker's error. */
export function callSync(what: string, send: (sab: SharedArrayBuffer) => void, timeoutMs: number): unknown {
  const sab = new SharedArrayBuffer(8 + ANSWER_BYTES);
  const state = new Int32Array(sab, 0, 2);
  send(sab);
  if (Atomics.wait(state, 0, PENDING, timeoutMs) === 'timed-out') throw new SyncCallTimeoutError(what, timeoutMs);
  const text = Buffer.from(new Uint8Array(sab, 8, state[1])).toString('utf8');
  const answer = JSON.parse(text) as { ok: boolean; value?: unknown; error?: string };
  if (!answer.ok) throw new SyncCallFailedError(what, answer.error ?? 'failed');
  return answer.value;
}

/** The worker's half: runs fn and writes its answer (or its error) into sab, then wakes the caller. */
export function answerSyncCall(sab: SharedArrayBuffer, fn: () => unknown): void {
  let text: string;
  try {
    text = JSON.stringify({ ok: true, value: fn() });
  } catch (err) {
    text = JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
  let bytes = Buffer.from(text, 'utf8');
  if (bytes.length > ANSWER_BYTES) bytes = Buffer.from(JSON.stringify({ ok: false, error: `the answer is ${bytes.length} bytes, more than ${ANSWER_BYTES}` }));
  const state = new Int32Array(sab, 0, 2);
  new Uint8Array(sab, 8, bytes.length).set(bytes);
  state[1] = bytes.length;
  Atomics.store(state, 0, ANSWERED);
  Atomics.notify(state, 0);
}
