/**
 * Starts one sandbox cluster on a free localhost port for integration tests, and writes a
 * kubeconfig for kubectl. Uses the real store/patch/schemas parts when they exist.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cluster, ClusterParts } from '../../cluster';
import { SandboxHost, kubeconfigFor } from '../../host';
import { sandboxParts } from '../../parts';

export interface TestServer {
  /** The cluster's server URL (token in the path, as kubeconfigs for http use). */
  url: string;
  /** http://127.0.0.1:<port> */
  base: string;
  token: string;
  clusterId: string;
  host: SandboxHost;
  cluster: Cluster;
  kubeconfig: string;
  close(): Promise<void>;
}

export function testParts(): ClusterParts {
  return sandboxParts({ clusterId: 'test' });
}

export async function startTestServer(parts: ClusterParts = testParts()): Promise<TestServer> {
  const host = new SandboxHost({ parts: () => parts });
  const { record, cluster } = host.createCluster({ workers: 3 });
  const server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (!host.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const url = host.serverURL(base, record.id);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-test-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, kubeconfigFor(url, record.token, 'sandbox'));
  return {
    url,
    base,
    token: record.token,
    clusterId: record.id,
    cluster,
    host,
    kubeconfig,
    close: () =>
      new Promise<void>((resolve) => {
        host.close();
        server.closeAllConnections();
        server.close(() => resolve());
        fs.rmSync(dir, { recursive: true, force: true });
      }),
  };
}
