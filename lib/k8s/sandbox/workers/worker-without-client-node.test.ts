/**
 * A sandbox worker applies a learner's manifest in process (lib/lab/cluster-object-api.ts) and
 * never needs client-node: loading it costs a worker about 100 MiB and a second of compiling.
 * A loader hook refuses the package; the worker's setup and the cluster operations must load
 * without it, and the client-node ObjectApi must not (which shows the hook refuses).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../../..');

function importWithoutClientNode(modules: string[]): { status: number | null; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-no-client-node-'));
  fs.writeFileSync(path.join(dir, 'hook.mjs'), `export async function resolve(specifier, context, next) {
  if (specifier === '@kubernetes/client-node' || specifier.startsWith('@kubernetes/client-node/')) throw new Error('client-node imported by ' + context.parentURL);
  return next(specifier, context);
}\n`);
  fs.writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n`);
  const script = modules.map((m) => `await import(${JSON.stringify(path.join(ROOT, m))});`).join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', path.join(dir, 'register.mjs'), '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stderr: r.stderr };
}

describe('a sandbox worker\'s modules', () => {
  it('load without client-node: the worker\'s setup and the cluster operations, Apply included', () => {
    const r = importWithoutClientNode(['lib/k8s/sandbox/workers/product-setup.ts', 'lib/lab/cluster-operations.ts', 'lib/lab/cluster-streams.ts']);
    expect(r.stderr).not.toContain('client-node imported by');
    expect(r.status).toBe(0);
  }, 60_000);

  it('while the client-node ObjectApi, which a kubeconfig\'s cluster uses, does load it', () => {
    const r = importWithoutClientNode(['lib/k8s/client/client-node-object-api.ts']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('client-node imported by');
  }, 60_000);
});
