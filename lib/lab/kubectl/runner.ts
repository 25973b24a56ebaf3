/**
 * Runs an allowed kubectl command for one learner: the real kubectl from the server's PATH,
 * with only a kubeconfig for that learner's cluster (and a per-learner HOME for kubectl's
 * discovery cache), no shell, a time limit, an output limit, and cancellation (Ctrl+C in
 * the browser aborts the request, which sends SIGINT, then SIGKILL).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AllowedCommand } from './allowlist';

export class KubectlMissingError extends Error {
  constructor() {
    super('kubectl is not installed on this server. Install it (https://kubernetes.io/docs/tasks/tools/) and restart the portal, or use "Download kubeconfig" with your own kubectl.');
    this.name = 'KubectlMissingError';
  }
}

export const RUN_LIMIT_MS = 30_000;
export const FOLLOW_LIMIT_MS = 10 * 60_000;
export const MAX_OUTPUT_BYTES = 2 * 1024 * 1024;

export interface RunOptions {
  /** Kubeconfig text naming only the learner's cluster. */
  kubeconfig: string;
  /** Per-learner directory (HOME and kubeconfig live there). */
  workDir: string;
  stdin?: string;
  signal: AbortSignal;
  onOutput(chunk: string): void;
  kubectlPath?: string;
  limitMs?: number;
}

export interface RunResult {
  exitCode: number | null;
  /** Why it stopped early, if it did. */
  stopped?: 'timeout' | 'output-limit' | 'cancelled';
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

export function runKubectl(cmd: AllowedCommand, opts: RunOptions): Promise<RunResult> {
  const kubectl = opts.kubectlPath ?? findKubectl();
  if (!kubectl) return Promise.reject(new KubectlMissingError());
  fs.mkdirSync(opts.workDir, { recursive: true, mode: 0o700 });
  const kubeconfigPath = path.join(opts.workDir, 'kubeconfig');
  fs.writeFileSync(kubeconfigPath, opts.kubeconfig, { mode: 0o600 });
  const limitMs = opts.limitMs ?? (cmd.follows ? FOLLOW_LIMIT_MS : RUN_LIMIT_MS);
  return new Promise((resolve) => {
    // Only what kubectl needs: nothing of the portal's own environment reaches it.
    const env: NodeJS.ProcessEnv = { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: opts.workDir, KUBECONFIG: kubeconfigPath, KUBECTL_COMMAND_HEADERS: 'false', TERM: 'dumb' };
    const child = spawn(kubectl, cmd.args, {
      env,
      cwd: opts.workDir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let bytes = 0;
    let stopped: RunResult['stopped'];
    const stop = (why: NonNullable<RunResult['stopped']>) => {
      if (stopped) return;
      stopped = why;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 1000).unref();
    };
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
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
    const timer = setTimeout(() => {
      opts.onOutput(`\n[stopped after ${Math.round(limitMs / 1000)} s]\n`);
      stop('timeout');
    }, limitMs);
    const onAbort = () => stop('cancelled');
    opts.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      opts.onOutput(`${e.message}\n`);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      resolve({ exitCode: code, stopped });
    });
  });
}
