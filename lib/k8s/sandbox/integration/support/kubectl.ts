/**
 * Runs the real kubectl against a test server. Without kubectl the kubectl suites skip
 * locally but FAIL when CI=true, so CI can never pass by silently skipping them.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';

export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
export const kubectlAvailable = fs.existsSync(KUBECTL);

export class KubectlMissingError extends Error {
  constructor(readonly path: string) {
    super(`kubectl not found at ${path}; CI=true requires it`);
    this.name = 'KubectlMissingError';
  }
}

/** True when the kubectl suites should run; throws in CI when kubectl is missing. */
export function requireKubectl(): boolean {
  if (kubectlAvailable) return true;
  if (process.env.CI === 'true') throw new KubectlMissingError(KUBECTL);
  return false;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** env adds to (or overrides) the test process's environment: KUBECONFIG and HOME are set here. */
export function kubectl(kubeconfig: string, args: string[], input?: string, env: Record<string, string> = {}): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      KUBECTL,
      args,
      { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 20_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Column headers of a kubectl table output, and its rows split on 2+ spaces. */
export function parseTable(out: string): { headers: string[]; rows: string[][] } {
  const lines = out.trimEnd().split('\n').filter((l) => l.trim() !== '');
  const split = (l: string) => l.trim().split(/\s{2,}/);
  return { headers: split(lines[0] ?? ''), rows: lines.slice(1).map(split) };
}
