/**
 * The kubectl minor versions a learner may own (1.27-1.33), installed beside the dispatcher as
 * kubectl.1.27 ... kubectl.1.33. Suites over them skip a missing binary locally but fail in CI
 * (CI=true), like requireKubectl.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { KubectlMissingError, type KubectlResult } from './kubectl';

export const KUBECTL_DIR = process.env.KUBECTL_VERSIONS_DIR ?? '/usr/lib/google-cloud-sdk/bin';
export const KUBECTL_MINORS = [27, 28, 29, 30, 31, 32, 33] as const;

export const kubectlBinary = (minor: number) => `${KUBECTL_DIR}/kubectl.1.${minor}`;

/** The minors whose binary exists; in CI a missing one throws instead of being left out. */
export function availableKubectlMinors(minors: readonly number[] = KUBECTL_MINORS): number[] {
  return minors.filter((m) => {
    if (fs.existsSync(kubectlBinary(m))) return true;
    if (process.env.CI === 'true') throw new KubectlMissingError(kubectlBinary(m));
    return false;
  });
}

export function kubectlAt(minor: number, kubeconfig: string, args: string[], input?: string, timeoutMs = 30_000): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(kubectlBinary(minor), args, { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: process.env.HOME ?? '/tmp' }, timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}
