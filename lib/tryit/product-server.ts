/**
 * A whole product cluster (every controller, the scheduler, kubelets, the container runtime)
 * served on a free localhost port with a kubeconfig, for tests that run the real kubectl the way
 * a lesson tells the learner to. `scale` speeds the cluster's clock (60 = a minute a second).
 */
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SandboxHost, kubeconfigYaml, productComponents, sandboxHttpServer, sandboxParts, type Cluster } from '../k8s/sandbox';

export interface ProductServer {
  cluster: Cluster;
  kubeconfig: string;
  close(): Promise<void>;
}

export async function startProductServer(scale = 1): Promise<ProductServer> {
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id, scale }), components: productComponents });
  const { record, cluster } = host.createCluster({ workers: 3 });
  const server = sandboxHttpServer(host);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-tryit-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, kubeconfigYaml(host.serverURL(base, record.id), record.token, 'sandbox'));
  return {
    cluster,
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
