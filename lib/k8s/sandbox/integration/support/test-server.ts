/**
 * Starts one sandbox cluster on a free localhost port for integration tests, and writes a
 * kubeconfig for kubectl. Uses the real store/patch/schemas parts when they exist.
 */
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cluster, ClusterParts } from '../../cluster';
import { SandboxHost, kubeconfigYaml } from '../../host';
import { sandboxHttpServer } from '../../http-server';
import { sandboxParts } from '../../parts';
import { samePortTls } from '../../../../http/same-port-tls';
import { createSelfSignedCert, SANDBOX_TLS_SERVER_NAME } from '../../../../http/self-signed-cert';

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

/**
 * With tls, the port also speaks https (as server.ts does) and the kubeconfig is the prefix-free
 * https one the portal hands out; without it, the http prefix form.
 */
export async function startTestServer(parts: ClusterParts = testParts(), opts: { tls?: boolean } = {}): Promise<TestServer> {
  const cert = opts.tls ? createSelfSignedCert({ now: Date.now(), days: 1 }) : undefined;
  const tls = cert ? { caPem: cert.certPem, serverName: SANDBOX_TLS_SERVER_NAME } : undefined;
  const host = new SandboxHost({ parts: () => parts, tls });
  const { record, cluster } = host.createCluster({ workers: 3 });
  const server = sandboxHttpServer(host);
  const front = cert ? samePortTls(server, cert) : undefined;
  const listener = front?.listener ?? server;
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const url = host.serverURL(cert ? `https://127.0.0.1:${port}` : base, record.id);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-test-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, kubeconfigYaml(url, record.token, 'sandbox', tls));
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
        front?.closeAllConnections();
        listener.close(() => resolve());
        fs.rmSync(dir, { recursive: true, force: true });
      }),
  };
}

/**
 * Every cluster of a host on a free loopback port, over plain http (upgrades too), for tests
 * that make their own host (several clusters, chosen components). close() closes the host too.
 */
export async function serveSandboxHost(host: SandboxHost): Promise<{ base: string; close(): Promise<void> }> {
  const server = sandboxHttpServer(host);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      host.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
