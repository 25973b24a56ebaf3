/**
 * Runs an allowed kubectl command for one learner: the real kubectl, confined (confine.ts) in a
 * throwaway directory made for this run, with a kubeconfig made for this run naming only the
 * learner's cluster, reached through a gateway (gateway.ts) that passes only that cluster's
 * requests. No shell of the portal's, a time limit, an output limit, and cancellation (Ctrl+C in
 * the browser aborts the request, which stops the sandbox and everything in it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AllowedCommand } from './allowlist';
import { bwrapArgs, ConfinementMissingError, findConfinement, sandboxServerUrl, unconfinedAllowed, type Confinement } from './confine';
import { openClusterGateway, type ClusterGateway, type ClusterHandler } from './gateway';
import { kubeconfigYaml } from '../../k8s/sandbox';

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
/** Once bwrap has exited, how long its pipes may stay open (held by a stray process) before they are cut. */
const PIPE_DRAIN_MS = 2000;

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

/** Starts kubectl inside the sandbox, or (development only) directly; returns the child and its gateway. */
async function start(cmd: AllowedCommand, kubectl: string, runDir: string, opts: RunOptions): Promise<{ child: ChildProcess; gateway: ClusterGateway; confined: boolean }> {
  const confinement = opts.confinement ?? findConfinement();
  const kubeconfigPath = path.join(runDir, 'kubeconfig');
  if ('bwrap' in confinement) {
    const gateway = await openClusterGateway({ socketPath: path.join(runDir, 'api.sock') }, opts.cluster.id, opts.cluster.handler);
    fs.writeFileSync(kubeconfigPath, kubeconfigYaml(sandboxServerUrl(opts.cluster.id, opts.cluster.token), opts.cluster.token, 'kubelab'), { mode: 0o600 });
    // fd 3: the sandbox says "ready" on it once bwrap's setup is over (see confine.ts).
    const child = spawn(...niced(confinement.bwrap, bwrapArgs(confinement, { runDir, kubectl, args: cmd.args, hide: opts.hide ?? [path.resolve(process.env.KUBELAB_DATA_DIR ?? './.data'), process.cwd()] })), { env: { NODE_ENV: process.env.NODE_ENV, PATH: '/usr/bin:/bin' }, cwd: runDir, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
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
  const env: NodeJS.ProcessEnv = { NODE_ENV: process.env.NODE_ENV, PATH: '/usr/bin:/bin', HOME: home, TMPDIR: home, KUBECONFIG: kubeconfigPath, KUBECTL_COMMAND_HEADERS: 'false', TERM: 'dumb' };
  const child = spawn(...niced(kubectl, cmd.args), { env, cwd: home, stdio: ['pipe', 'pipe', 'pipe'] });
  return { child, gateway, confined: false };
}

export async function runKubectl(cmd: AllowedCommand, opts: RunOptions): Promise<RunResult> {
  const kubectl = opts.kubectlPath ?? findKubectl();
  if (!kubectl) throw new KubectlMissingError();
  const runDir = fs.mkdtempSync(path.join(opts.tmpRoot ?? os.tmpdir(), 'kubelab-kubectl-'));
  fs.chmodSync(runDir, 0o700);
  let started: Awaited<ReturnType<typeof start>>;
  try {
    started = await start(cmd, kubectl, runDir, opts);
  } catch (e) {
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
      const readiness = child.stdio[3] as NodeJS.ReadableStream;
      readiness.on('data', () => {
        ready = true;
        if (killWhenReady) child.kill('SIGKILL');
      });
      readiness.on('error', () => undefined);
    }
    const onData = (d: Buffer) => {
      if (stopped === 'output-limit') return;
      bytes += d.length;
      if (bytes > MAX_OUTPUT_BYTES) {
        opts.onOutput(`\n[output stopped after ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB]\n`);
        stop('output-limit');
        return;
      }
      opts.onOutput(d.toString('utf8'));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(opts.stdin ?? '');
    const timer = setTimeout(() => {
      opts.onOutput(`\n[stopped after ${Math.round(limitMs / 1000)} s]\n`);
      stop('timeout');
    }, limitMs);
    const onAbort = () => stop('cancelled');
    if (opts.signal.aborted) onAbort();
    else opts.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      opts.onOutput(`${e.message}\n`);
    });
    child.on('exit', () => {
      // A process that escaped the sandbox's teardown must not keep this run open.
      setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        (child.stdio[3] as { destroy?: () => void } | null)?.destroy?.();
      }, PIPE_DRAIN_MS).unref();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (confined && !ready && !stopped && code !== 0) {
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
