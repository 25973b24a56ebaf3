/**
 * kubectl exec with every kubectl a learner may own: 1.27-1.29 upgrade to SPDY/3.1, 1.30+ use
 * the v5 WebSocket protocol. Output, stdin and exit codes come through the same runtime.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli';
import { kubectl, requireKubectl } from './support/kubectl';
import { availableKubectlMinors, kubectlAt } from './support/kubectl-versions';

const run = requireKubectl();

describe.runIf(run)('kubectl exec across versions', () => {
  const s = { kubeconfig: '', stop: async () => undefined as void, dataDir: '' };

  beforeAll(async () => {
    s.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-exec-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 1, timeScale: 20, dataDir: s.dataDir });
    s.stop = cli.stop;
    s.kubeconfig = cli.kubeconfigPath;
    await kubectl(s.kubeconfig, ['run', 'box', '--image=busybox:1.36', '--', 'sleep', '3600']);
    const ready = await kubectl(s.kubeconfig, ['wait', '--for=condition=Ready', 'pod/box', '--timeout=30s']);
    expect(ready.stdout).toContain('condition met');
  }, 60_000);
  afterAll(async () => {
    await s.stop();
    fs.rmSync(s.dataDir, { recursive: true, force: true });
  });

  describe.each(availableKubectlMinors())('kubectl 1.%i', (minor) => {
    const k = (args: string[], input?: string) => kubectlAt(minor, s.kubeconfig, args, input);
    it('runs a command and prints its output and stderr', async () => {
      const r = await k(['exec', 'box', '--', 'sh', '-c', 'echo out; echo err >&2']);
      expect(r.stdout).toBe('out\n');
      expect(r.stderr).toBe('err\n');
      expect(r.code).toBe(0);
    });
    it('passes stdin through and reports a non-zero exit code as kubectl does', async () => {
      const r = await k(['exec', '-i', 'box', '--', 'sh', '-c', 'cat; exit 3'], 'piped in\n');
      expect(r.stdout).toBe('piped in\n');
      expect(r.stderr).toContain('command terminated with exit code 3');
      expect(r.code).toBe(3);
    });
  });
});
