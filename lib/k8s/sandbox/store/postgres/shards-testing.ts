/**
 * For the PostgreSQL store's tests with several shards (hosts) in one process: a request through
 * a host's HTTP handler as kubectl sends it, and the test's own ConfigMaps in a cluster.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxHost } from '../../host';
import { GR } from '../../controllers/framework/client';

/** A ConfigMap whose data names it (the test's, told apart from the bootstrap's kube-root-ca.crt). */
export const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: name } });

/** One GET through the host's HTTP handler on a port of its own, as kubectl sends it. */
export async function requestThroughHost(host: SandboxHost, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { headers });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The names of the test's ConfigMaps in the cluster, woken on that host. */
export const configMapNames = (h: SandboxHost, id: string) =>
  h
    .wake(id)
    .cluster.context.client.list(GR.configmaps, { namespace: 'default' })
    .filter((o) => (o.data as Record<string, string> | undefined)?.k !== undefined)
    .map((o) => o.metadata.name)
    .sort();
