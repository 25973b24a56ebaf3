/**
 * Every command a scenario's hints give runs as written with the real kubectl against a
 * sandbox cluster with the scenarios loaded (the cluster's clock at 60x, so a crash-looping
 * pod has a previous container to read by the time its hint is run).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientKubeConfig } from '../k8s/client/kubeconfig';
import { productComponents } from '../k8s/sandbox/components';
import { SandboxHost, kubeconfigYaml } from '../k8s/sandbox/host';
import { sandboxParts } from '../k8s/sandbox/parts';
import { loadScenarios } from './definitions';
import { loadScenario } from './load';

const run = promisify(execFile);
const scenarios = loadScenarios();

/** A product cluster (controllers, scheduler, kubelets) served over HTTP, and a kubeconfig file for it. */
async function startProductServer(): Promise<{ url: string; token: string; kubeconfig: string; close(): Promise<void> }> {
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id, scale: 60 }), components: productComponents });
  const { record } = host.createCluster({ workers: 3 });
  const server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = host.serverURL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, record.id);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-break-fix-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, kubeconfigYaml(url, record.token, 'sandbox'));
  return {
    url,
    token: record.token,
    kubeconfig,
    close: async () => {
      host.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the hints\' commands', () => {
  let s: Awaited<ReturnType<typeof startProductServer>>;

  beforeAll(async () => {
    s = await startProductServer();
    for (const def of scenarios) await loadScenario(clientKubeConfig({ server: s.url, token: s.token }), def, { namespace: 'default' });
    // Four virtual minutes: ledger-1 has crashed, CronJob runs happened, the Job failed.
    await new Promise((r) => setTimeout(r, 4000));
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  const commands = scenarios.flatMap((d) => d.hints.filter((h) => h.command && !h.command.startsWith('kubectl delete')).map((h) => [d.scenario, h.command!] as const));

  it.each(commands)('%s: `%s` runs without an error', async (_id, command) => {
    const { stdout, stderr } = await run('sh', ['-c', command], { env: { ...process.env, KUBECONFIG: s.kubeconfig }, timeout: 30_000 });
    expect(stderr).toBe('');
    expect(stdout.trim()).not.toBe('');
  }, 40_000);
});
