/**
 * The kubectl spawner: a small Node process the portal starts once (spawner.ts), so that each
 * terminal run forks this process (tens of MiB) instead of the portal (over a GiB: libuv forks
 * on the caller's main thread, and copying the portal's page tables at every run cost the
 * portal's main thread about 9 % of its time under a hostile class, scripts/bench/RESULTS.md).
 *
 * It reads run requests on its IPC channel, spawns exactly the argv it is given (the portal
 * builds the bwrap + nice argv, confine.ts), and streams back what the child prints and how it
 * ended. It decides nothing about confinement; it only keeps a run's own promises that need
 * the child at hand: an output cap (it stops forwarding past it), the pipe-drain bound after
 * exit, and killing every child when the portal goes away (then bwrap's --die-with-parent
 * takes the sandbox down with it).
 *
 * Messages in:  {t:'run', id, file, args, cwd, env, stdin, readyFd, maxBytes}  {t:'kill', id, signal}
 * Messages out: {t:'spawned', id, pid}  {t:'out', id, data, bytes}  {t:'ready', id}
 *               {t:'error', id, message}  {t:'exit', id, code, signal}  {t:'close', id, code, signal}
 *               {t:'refused', message} for a message it could not read.
 * Plain JavaScript on purpose: it starts without tsx, in a few tens of milliseconds.
 */
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

/** Once the child has exited, how long its pipes may stay open (held by a stray process) before they are cut. */
const PIPE_DRAIN_MS = 2000;
/** Output forwarded past the run's cap before the portal's kill arrives: enough for the "stopped" notice to be deserved, no more. */
const CAP_SLACK_BYTES = 64 * 1024;
const SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGKILL']);

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();

function send(m) {
  if (process.connected) process.send(m);
}

const isStrings = (xs) => Array.isArray(xs) && xs.every((x) => typeof x === 'string');
const isEnv = (e) => e !== null && typeof e === 'object' && !Array.isArray(e) && Object.values(e).every((v) => typeof v === 'string');

function run(m) {
  const { id } = m;
  if (children.has(id)) return send({ t: 'error', id, message: `a run with id ${id} is already running` });
  let child;
  try {
    child = spawn(m.file, m.args, { cwd: m.cwd, env: m.env, stdio: m.readyFd ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    // e.g. a NUL byte in an argument: refused by spawn itself.
    send({ t: 'error', id, message: e.message });
    return send({ t: 'close', id, code: null, signal: null });
  }
  children.set(id, child);
  let forwarded = 0;
  const forward = (stream) => {
    const decoder = new StringDecoder('utf8');
    stream.on('data', (d) => {
      if (forwarded > m.maxBytes + CAP_SLACK_BYTES) return;
      forwarded += d.length;
      send({ t: 'out', id, data: decoder.write(d), bytes: d.length });
    });
    stream.on('error', () => undefined);
  };
  forward(child.stdout);
  forward(child.stderr);
  if (m.readyFd) {
    child.stdio[3].on('data', () => send({ t: 'ready', id }));
    child.stdio[3].on('error', () => undefined);
  }
  child.stdin.on('error', () => undefined);
  child.stdin.end(m.stdin);
  if (child.pid !== undefined) send({ t: 'spawned', id, pid: child.pid });
  child.on('error', (e) => send({ t: 'error', id, message: e.message }));
  child.on('exit', (code, signal) => {
    send({ t: 'exit', id, code, signal });
    setTimeout(() => {
      for (const s of child.stdio) s?.destroy();
    }, PIPE_DRAIN_MS).unref();
  });
  child.on('close', (code, signal) => {
    children.delete(id);
    send({ t: 'close', id, code, signal });
  });
}

process.on('message', (m) => {
  if (m?.t === 'run' && typeof m.id === 'string' && typeof m.file === 'string' && isStrings(m.args) && typeof m.cwd === 'string' && isEnv(m.env) && typeof m.stdin === 'string' && Number.isFinite(m.maxBytes)) return run(m);
  if (m?.t === 'kill' && typeof m.id === 'string' && SIGNALS.has(m.signal)) return void children.get(m.id)?.kill(m.signal);
  send({ t: 'refused', message: `the kubectl spawner cannot read a message of type ${JSON.stringify(String(m?.t)).slice(0, 40)}` });
});

// The portal went away (or closed the channel): nothing started for it may outlive it.
process.on('disconnect', () => {
  for (const child of children.values()) child.kill('SIGKILL');
  process.exit(0);
});
