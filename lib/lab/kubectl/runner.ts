/**
 * Runs an allowed kubectl command for one learner: the real kubectl, confined (confine.ts) in a
 * throwaway directory made for this run, with a kubeconfig made for this run naming only the
 * learner's cluster, reached through a gateway (gateway.ts) that passes only that cluster's
 * requests. No shell of the portal's, a time limit, an output limit, and cancellation (Ctrl+C in
 * the browser aborts the request, which stops the sandbox and everything in it). The process is
 * forked by the kubectl spawner (spawner.ts), never by the portal itself, once the run has a
 * turn of the host's kubectl budget (host-budget.ts: a few at once, shared round robin by learner).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AllowedCommand } from './allowlist';
import { bwrapArgs, ConfinementMissingError, findConfinement, sandboxServerUrl, unconfinedAllowed, type Confinement } from './confine';
import { openClusterGateway, type ClusterGateway, type ClusterHandler } from './gateway';
import { kubeconfigYaml, KUBERNETES_VERSION } from '../../k8s/sandbox';
import { kubectlSpawner, type KubectlProcess, type KubectlSpawner } from './spawner';
import { discoveryTemplate, type DiscoveryTemplate } from './discovery-cache';
import { kubectlHostBudget, TerminalCrowdedError, TooManyWaitingError, TurnWaitCancelledError, type KubectlHostBudget } from './host-budget';

export class KubectlMissingError extends Error {
  constructor() {
    super('kubectl is not installed on this server. Install it (https://kubernetes.io/docs/tasks/tools/) and restart the portal, or use "Download kubeconfig" with your own kubectl.');
    this.name = 'KubectlMissingError';
  }
}

export const RUN_LIMIT_MS = 30_000;
export const FOLLOW_LIMIT_MS = 10 * 60_000;
export const MAX_OUTPUT_BYTES = 2 * 1024 * 1024;
/** After SIGINT, how long an unconfined kubectl gets to finish before it is killed. */
const GRACE_MS = 1000;
/** A cancel waits at most this long for the sandbox to finish its setup before bwrap is killed anyway. */
const SETUP_WAIT_MS = 5000;

export interface RunOptions {
  /** The learner's cluster: its id and token, and the sandbox host that serves it. */
  cluster: { id: string; token: string; handler: ClusterHandler };
  stdin?: string;
  signal: AbortSignal;
  onOutput(chunk: string): void;
  kubectlPath?: string;
  limitMs?: number;
  /** Where the run's throwaway directory is made (the system's temp directory by default). */
  tmpRoot?: string;
  /** bwrap and socat, or what is missing (found on PATH by default). */
  confinement?: Confinement | { missing: string[] };
  /** Run without the sandbox when it is missing (default: KUBELAB_UNCONFINED_KUBECTL=1). */
  allowUnconfined?: boolean;
  /** Directories the sandbox must never show (default: the data directory and the portal's checkout). */
  hide?: string[];
  /** The process that forks kubectl: the portal passes its context's (default: spawner.ts's own, for tests and tools). */
  spawner?: KubectlSpawner;
  /** The host's kubectl turns, shared fairly by learners: the portal's context's (default: host-budget.ts's own). */
  budget?: KubectlHostBudget;
  /** kubectl's discovery, cached for every run: the portal's context's (default: discovery-cache.ts's own); false: each run fetches it. */
  discovery?: DiscoveryTemplate | false;
}

export interface RunResult {
  exitCode: number | null;
  /** Why it stopped early, if it did. */
  stopped?: 'timeout' | 'output-limit' | 'cancelled';
  /** False only for development runs without the sandbox (KUBELAB_UNCONFINED_KUBECTL=1). */
  confined: boolean;
}

export function findKubectl(envPath = process.env.PATH ?? ''): string | undefined {
  if (process.env.KUBELAB_KUBECTL) return fs.existsSync(process.env.KUBELAB_KUBECTL) ? process.env.KUBELAB_KUBECTL : undefined;
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, 'kubectl');
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Per kubectl path: the client to run (see clientFor). */
const clients = new Map<string, string>();

/**
 * The kubectl client to run for `kubectl`: when it is Google Cloud SDK's dispatcher (a
 * `kubectl.1.NN` beside it), the client it would pick for the sandbox (which reports
 * KUBERNETES_VERSION), started directly: the dispatcher is one more Go process and one more
 * request (GET /version) through the gateway at every run, to choose the same binary each time.
 * Any other kubectl runs as it is.
 */
export function clientFor(kubectl: string): string {
  let client = clients.get(kubectl);
  if (client === undefined) {
    const real = fs.realpathSync(kubectl);
    const versioned = path.join(path.dirname(real), `kubectl.${KUBERNETES_VERSION.major}.${KUBERNETES_VERSION.minor}`);
    client = path.basename(real) === 'kubectl' && fs.existsSync(versioned) ? versioned : kubectl;
    clients.set(kubectl, client);
  }
  return client;
}

/**
 * Terminal runs start at this niceness (nice(1) execs the command, so the pid is the
 * command's own): a class's kubectl processes, twenty learners' loops of them included, then
 * take the CPU the portal leaves over instead of starving it. Measured with
 * scripts/bench/hostile-class.mjs (scripts/bench/RESULTS.md).
 */
export const KUBECTL_NICENESS = 10;
const NICE = '/usr/bin/nice';
/** Looked up once: every terminal command goes through niced(). */
let niceExists: boolean | undefined;

/** [file, args] for spawn: through nice(1) when the machine has it, as given otherwise. */
export function niced(file: string, args: readonly string[]): [string, string[]] {
  niceExists ??= fs.existsSync(NICE);
  return niceExists ? [NICE, ['-n', String(KUBECTL_NICENESS), file, ...args]] : [file, [...args]];
}

let warnedUnconfined = false;

/** Starts kubectl inside the sandbox, or (development only) directly; returns the run and its gateway. */
async function start(cmd: AllowedCommand, kubectl: string, runDir: string, opts: RunOptions): Promise<{ child: KubectlProcess; gateway: ClusterGateway; confined: boolean }> {
  const confinement = opts.confinement ?? findConfinement();
  const kubeconfigPath = path.join(runDir, 'kubeconfig');
  const spawner = opts.spawner ?? kubectlSpawner();
  const common = { stdin: opts.stdin ?? '', maxBytes: MAX_OUTPUT_BYTES };
  if ('bwrap' in confinement) {
    const gateway = await openClusterGateway({ socketPath: path.join(runDir, 'api.sock') }, opts.cluster.id, opts.cluster.handler);
    const serverUrl = sandboxServerUrl(opts.cluster.id, opts.cluster.token);
    fs.writeFileSync(kubeconfigPath, kubeconfigYaml(serverUrl, opts.cluster.token, 'kubelab'), { mode: 0o600 });
    const template = opts.discovery === false ? undefined : await (opts.discovery ?? discoveryTemplate()).forRun(opts.cluster);
    const discovery = template ? { template, serverUrl } : undefined;
    const [file, args] = niced(confinement.bwrap, bwrapArgs(confinement, { runDir, kubectl, args: cmd.args, hide: opts.hide ?? [path.resolve(process.env.KUBELAB_DATA_DIR ?? './.data'), process.cwd()], discovery }));
    // fd 3: the sandbox says "ready" on it once bwrap's setup is over (see confine.ts).
    const child = spawner.spawn({ file, args, cwd: runDir, env: { ...nodeEnv(), PATH: '/usr/bin:/bin' }, readyFd: true, ...common });
    return { child, gateway, confined: true };
  }
  if (!(opts.allowUnconfined ?? unconfinedAllowed())) throw new ConfinementMissingError(confinement.missing);
  if (!warnedUnconfined) {
    warnedUnconfined = true;
    console.warn(`kubelab: KUBELAB_UNCONFINED_KUBECTL=1 and ${confinement.missing.join(', ')} missing: the terminal's kubectl runs WITHOUT its sandbox (development only)`);
  }
  const gateway = await openClusterGateway({ tcp: true }, opts.cluster.id, opts.cluster.handler);
  fs.writeFileSync(kubeconfigPath, kubeconfigYaml(`${gateway.tcpBase}/k8s/${opts.cluster.id}/token-${opts.cluster.token}`, opts.cluster.token, 'kubelab'), { mode: 0o600 });
  const home = path.join(runDir, 'home');
  fs.mkdirSync(home, { mode: 0o700 });
  // Only what kubectl needs: nothing of the portal's own environment reaches it.
  const env = { ...nodeEnv(), PATH: '/usr/bin:/bin', HOME: home, TMPDIR: home, KUBECONFIG: kubeconfigPath, KUBECTL_COMMAND_HEADERS: 'false', TERM: 'dumb' };
  const [file, args] = niced(kubectl, cmd.args);
  const child = spawner.spawn({ file, args, cwd: home, env, readyFd: false, ...common });
  return { child, gateway, confined: false };
}

/** NODE_ENV, the one variable of the portal's a run is given (as before the spawner: absent when unset). */
function nodeEnv(): Record<string, string> {
  return process.env.NODE_ENV ? { NODE_ENV: process.env.NODE_ENV } : {};
}

export async function runKubectl(cmd: AllowedCommand, opts: RunOptions): Promise<RunResult> {
  const found = opts.kubectlPath ?? findKubectl();
  if (!found) throw new KubectlMissingError();
  const kubectl = clientFor(found);
  // One learner, one cluster: the cluster id is whose turn it is.
  let endTurn: () => void;
  try {
    endTurn = await (opts.budget ?? kubectlHostBudget()).acquire(opts.cluster.id, opts.signal);
  } catch (e) {
    if (e instanceof TurnWaitCancelledError) return { exitCode: null, stopped: 'cancelled', confined: true };
    if (e instanceof TooManyWaitingError || e instanceof TerminalCrowdedError) {
      opts.onOutput(`kubectl: ${e.message}\n`);
      return { exitCode: 1, confined: true };
    }
    throw e;
  }
  const runDir = fs.mkdtempSync(path.join(opts.tmpRoot ?? os.tmpdir(), 'kubelab-kubectl-'));
  fs.chmodSync(runDir, 0o700);
  let started: Awaited<ReturnType<typeof start>>;
  try {
    started = await start(cmd, kubectl, runDir, opts);
  } catch (e) {
    endTurn();
    fs.rmSync(runDir, { recursive: true, force: true });
    throw e;
  }
  const { child, gateway, confined } = started;
  const limitMs = opts.limitMs ?? (cmd.follows ? FOLLOW_LIMIT_MS : RUN_LIMIT_MS);
  return new Promise((resolve) => {
    let bytes = 0;
    let stopped: RunResult['stopped'];
    // bwrap ignores SIGINT, and killing it while it is still setting up can leave its init
    // behind (--die-with-parent is armed during setup): a confined run is killed once ready.
    let ready = !confined;
    let killWhenReady = false;
    const stop = (why: NonNullable<RunResult['stopped']>) => {
      if (stopped) return;
      stopped = why;
      if (!confined) {
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), GRACE_MS).unref();
      } else if (ready) child.kill('SIGKILL');
      else {
        killWhenReady = true;
        setTimeout(() => child.kill('SIGKILL'), SETUP_WAIT_MS).unref();
      }
    };
    if (confined) {
      child.on('ready', () => {
        ready = true;
        if (killWhenReady) child.kill('SIGKILL');
      });
    }
    child.on('output', (text: string, n: number) => {
      if (stopped === 'output-limit') return;
      bytes += n;
      if (bytes > MAX_OUTPUT_BYTES) {
        opts.onOutput(`\n[output stopped after ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB]\n`);
        stop('output-limit');
        return;
      }
      opts.onOutput(text);
    });
    const timer = setTimeout(() => {
      opts.onOutput(`\n[stopped after ${Math.round(limitMs / 1000)} s]\n`);
      stop('timeout');
    }, limitMs);
    const onAbort = () => stop('cancelled');
    if (opts.signal.aborted) onAbort();
    else opts.signal.addEventListener('abort', onAbort, { once: true });
    child.on('failure', (message: string) => {
      opts.onOutput(`${message}\n`);
    });
    child.on('close', (code: number | null) => {
      endTurn();
      clearTimeout(timer);
      if (confined && !ready && !stopped && typeof code === 'number' && code !== 0) {
        // bwrap itself failed (e.g. user namespaces not allowed): say whose problem it is.
        opts.onOutput(`\n[the terminal's kubectl sandbox (bubblewrap) could not start on this server; the portal's administrator should check that bwrap can create user namespaces for the portal's user]\n`);
      }
      opts.signal.removeEventListener('abort', onAbort);
      void gateway.close().finally(() => {
        fs.rmSync(runDir, { recursive: true, force: true });
        resolve({ exitCode: code, stopped, confined });
      });
    });
  });
}
