// A PostgreSQL connection on a thread of its own (sync-bridge.ts says why), in plain JavaScript
// so the thread starts fast. It loads the operations module it was given (its
// connectOperations(url, schema) returns the operations, each an async function on one
// connection), answers one call at a time in the order they come on the port it was given, then
// wakes the caller waiting on the shared flag.
import { workerData } from 'node:worker_threads';

const { port, flag, url, schema, operations } = workerData;
const signal = new Int32Array(flag);
const answer = (a, id) => {
  port.postMessage(a);
  Atomics.store(signal, 0, id);
  Atomics.notify(signal, 0);
};

let ops;
try {
  const { connectOperations } = await import(operations);
  ops = connectOperations(url, schema);
  await ops.connect();
} catch (err) {
  // The start-up answer (id 0, flag -1) says why, e.g. a refused connection or a wrong password.
  answer({ id: 0, ok: false, error: err instanceof Error ? err.message : String(err), code: err?.code }, -1);
}
let chain = Promise.resolve();

port.on('message', (msg) => {
  chain = chain.then(async () => {
    let a;
    try {
      a = { id: msg.id, ok: true, value: await ops[msg.op](...msg.args) };
    } catch (err) {
      a = { id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err), code: err?.code };
    }
    answer(a, msg.id);
  });
});
if (ops) answer({ id: 0, ok: true, value: 'started' }, -1);
