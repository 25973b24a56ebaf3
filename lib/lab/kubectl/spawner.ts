/**
 * The portal's side of the kubectl spawner (spawner-process.mjs): one small Node process,
 * started on the first run and again after it dies, that forks the terminal's kubectl
 * processes so the portal never forks itself (libuv forks on the main thread, and the portal
 * is over a GiB: copying its page tables at each run cost ~9 % of the main thread in
 * scripts/bench/hostile-class.mjs). Every run is a KubectlProcess: output as text with its
 * byte count, bwrap's readiness, exit and close, and kill.
 *
 * If the spawner dies, every run in flight is told so on its output and closes (exit code
 * null); its kubectl processes died with it (bwrap's --die-with-parent, and the spawner kills
 * its children when the portal's channel closes). The next run starts a new spawner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';

/** Where the spawner's script is: the portal runs from its checkout (like lib/k8s/schemas/load.ts). */
export const SPAWNER_SCRIPT = path.join(process.cwd(), 'lib', 'lab', 'kubectl', 'spawner-process.mjs');
/** The spawner holds only pipes and a few messages: a small heap is plenty and keeps it small. */
const SPAWNER_HEAP_MB = 64;

export type KillSignal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

export interface SpawnRequest {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: string;
  /** Give the child a fourth pipe (fd 3) and report its first write as 'ready' (bwrap's setup is over, confine.ts). */
  readyFd: boolean;
  /** The run's output cap: the spawner stops forwarding a little past it (the runner kills the run at it). */
  maxBytes: number;
}

/**
 * One kubectl run seen from the portal. Events: 'spawned' (pid), 'output' (text, bytes), 'ready', 'failure'
 * (message: the child could not be spawned or signalled), 'exit' (code, signal), 'close' (code,
 * signal; code null when it was killed or the spawner stopped).
 */
export interface KubectlProcess extends EventEmitter {
  /** The child's pid once spawned (seen from the host). */
  readonly pid: number | undefined;
  kill(signal: KillSignal): void;
}

/** A run's messages from the spawner (spawner-process.mjs says which it sends). */
type FromSpawner =
  | { t: 'spawned'; id: string; pid: number }
  | { t: 'out'; id: string; data: string; bytes: number }
  | { t: 'ready'; id: string }
  | { t: 'error'; id: string; message: string }
  | { t: 'exit'; id: string; code: number | null; signal: string | null }
  | { t: 'close'; id: string; code: number | null; signal: string | null }
  | { t: 'refused'; message: string };

export class SpawnerStoppedError extends Error {
  constructor(readonly detail: string) {
    super(`the terminal's kubectl helper process stopped (${detail}); this command was cut off: run it again`);
    this.name = 'SpawnerStoppedError';
  }
}

class RemoteRun extends EventEmitter implements KubectlProcess {
  pid: number | undefined;
  constructor(
    readonly id: string,
    private readonly sendKill: (id: string, signal: KillSignal) => void,
  ) {
    super();
  }

  kill(signal: KillSignal): void {
    this.sendKill(this.id, signal);
  }
}

export interface SpawnerOptions {
  script?: string;
  execPath?: string;
}

export class KubectlSpawner {
  private child: ChildProcess | undefined;
  private readonly runs = new Map<string, RemoteRun>();
  private nextId = 0;
  /** How many spawner processes were started (1 until one dies). */
  starts = 0;

  constructor(private readonly opts: SpawnerOptions = {}) {}

  /** The spawner process's pid (started if needed), for tests and figures. */
  pid(): number | undefined {
    return this.process().pid;
  }

  spawn(req: SpawnRequest): KubectlProcess {
    const child = this.process();
    const run = new RemoteRun(String(++this.nextId), (id, signal) => {
      if (this.runs.has(id) && child.connected) child.send({ t: 'kill', id, signal });
    });
    this.runs.set(run.id, run);
    child.channel?.ref();
    child.send({ t: 'run', id: run.id, ...req });
    return run;
  }

  /** Stops the spawner (its children are killed by it when the channel closes). */
  stop(): void {
    this.child?.disconnect();
  }

  private process(): ChildProcess {
    if (this.child) return this.child;
    this.starts++;
    const env: Record<string, string> = { PATH: '/usr/bin:/bin' };
    if (process.env.NODE_ENV) env.NODE_ENV = process.env.NODE_ENV;
    const child: ChildProcess = spawn(this.opts.execPath ?? process.execPath, [`--max-old-space-size=${SPAWNER_HEAP_MB}`, this.opts.script ?? SPAWNER_SCRIPT], {
      // Nothing of the portal's environment (NODE_OPTIONS, secrets) reaches the spawner.
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    child.unref();
    child.channel?.unref();
    child.on('message', (m: FromSpawner) => this.receive(m));
    let gone = false;
    const died = (detail: string) => {
      if (gone) return;
      gone = true;
      if (this.child === child) this.child = undefined;
      const inFlight = [...this.runs.values()];
      this.runs.clear();
      const error = new SpawnerStoppedError(detail);
      for (const run of inFlight) {
        run.emit('output', `\n[${error.message}]\n`, 0);
        run.emit('close', null, null);
      }
    };
    child.on('error', (e) => died(e.message));
    child.on('exit', (code, signal) => died(signal ? `killed by ${signal}` : `exit code ${code}`));
    return child;
  }

  private receive(m: FromSpawner): void {
    if (m.t === 'refused') {
      console.error('kubelab: the kubectl spawner refused a message:', m.message);
      return;
    }
    const run = this.runs.get(m.id);
    if (!run) return;
    switch (m.t) {
      case 'spawned':
        run.pid = m.pid;
        run.emit('spawned', m.pid);
        break;
      case 'out':
        run.emit('output', m.data, m.bytes);
        break;
      case 'ready':
        run.emit('ready');
        break;
      case 'error':
        run.emit('failure', m.message);
        break;
      case 'exit':
        run.emit('exit', m.code, m.signal);
        break;
      case 'close':
        this.runs.delete(m.id);
        if (this.runs.size === 0) this.child?.channel?.unref();
        run.emit('close', m.code, m.signal);
        break;
    }
  }
}

let spawnerOfThisModule: KubectlSpawner | undefined;

/**
 * The spawner of runs whose caller gives none (tests, tools). The portal's routes pass the one
 * in the portal context (lib/portal/context.ts), one per process.
 */
export function kubectlSpawner(): KubectlSpawner {
  return (spawnerOfThisModule ??= new KubectlSpawner());
}
