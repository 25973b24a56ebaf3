/**
 * Serves a SimCluster (a cluster on a ManualClock) over http on a free localhost port, with a
 * kubeconfig for the real kubectl. Time moves only when the test runs it, so what kubectl prints
 * (names, ages, timestamps) is the same on every run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SimCluster } from '../../testing/sim-cluster';

export interface SimServer {
  base: string;
  /** A kubeconfig file naming the server (no credentials: the cluster is served without its host). */
  kubeconfig: string;
  /** A HOME for kubectl (its discovery cache), removed on close. */
  home: string;
  close(): Promise<void>;
}

export async function serveSimCluster(sim: SimCluster): Promise<SimServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    void sim.cluster.handle(req, res, url.pathname, url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-sim-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: sim\n  cluster:\n    server: ${base}`,
      'users:',
      '- name: sim\n  user: {}',
      'contexts:',
      '- name: sim\n  context:\n    cluster: sim\n    user: sim\n    namespace: default',
      'current-context: sim',
      '',
    ].join('\n'),
  );
  return {
    base,
    kubeconfig,
    home: dir,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        fs.rmSync(dir, { recursive: true, force: true });
      }),
  };
}
