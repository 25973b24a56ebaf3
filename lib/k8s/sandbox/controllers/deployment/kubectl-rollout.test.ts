/**
 * kubectl's client-side rollout commands against a sandbox running these controllers:
 * `rollout undo` copies an old ReplicaSet's template (found by its revision annotation) into
 * the Deployment, `rollout restart` stamps the template, `rollout history` lists revisions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxHost, kubeconfigYaml } from '../../host';
import { sandboxParts } from '../../parts';
import { kubectl, requireKubectl } from '../../integration/support/kubectl';
import { serveSandboxHost } from '../../integration/support/test-server';
import { GR } from '../framework/client';
import { controllerOf } from '../framework/controller';
import { ReplicaSetController } from '../replicaset/replicaset-controller';
import { DeploymentController } from './deployment-controller';
import type { Cluster } from '../../cluster';

const run = requireKubectl();

describe.runIf(run)('kubectl rollout with the Deployment controller', () => {
  let served: Awaited<ReturnType<typeof serveSandboxHost>>;
  let host: SandboxHost;
  let cluster: Cluster;
  let dir: string;
  let kubeconfig: string;
  const k = (args: string[]) => kubectl(kubeconfig, args);
  /** Lets the controllers finish what kubectl's last write started (no wall-clock waiting). */
  const settle = async () => {
    for (let idle = 0, i = 0; idle < 3 && i < 10_000; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      idle = cluster.runner.busy ? 0 : idle + 1;
    }
  };

  beforeAll(async () => {
    host = new SandboxHost({ parts: () => sandboxParts({ clusterId: 'rollout' }), components: (ctx) => [new DeploymentController(ctx), new ReplicaSetController(ctx)] });
    const created = host.createCluster({ workers: 1 });
    cluster = created.cluster;
    served = await serveSandboxHost(host);
    const base = served.base;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-rollout-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, kubeconfigYaml(host.serverURL(base, created.record.id), created.record.token, 'sandbox'));
  });

  afterAll(async () => {
    await served.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const revisions = () => cluster.context.client.list(GR.replicasets, { namespace: 'default' })
    .filter((rs) => controllerOf(rs, 'Deployment')?.name === 'web')
    .map((rs) => `${(rs.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image}@${rs.metadata.annotations?.['deployment.kubernetes.io/revision']}`)
    .sort();

  it('undoes to the previous revision by reusing its ReplicaSet, and restarts into a new one', async () => {
    expect((await k(['create', 'deployment', 'web', '--image=nginx:1.26', '--replicas=2'])).code).toBe(0);
    await settle();
    expect((await k(['set', 'image', 'deployment/web', 'nginx=nginx:1.27'])).code).toBe(0);
    await settle();
    expect(revisions()).toEqual(['nginx:1.26@1', 'nginx:1.27@2']);

    const undo = await k(['rollout', 'undo', 'deployment/web']);
    expect(undo.code).toBe(0);
    expect(undo.stdout.trim()).toBe('deployment.apps/web rolled back');
    await settle();
    expect(revisions()).toEqual(['nginx:1.26@3', 'nginx:1.27@2']);
    const history = await k(['rollout', 'history', 'deployment/web']);
    expect(history.stdout.split('\n').filter((l) => /^\d/.test(l)).map((l) => l.trim().split(/\s+/)[0])).toEqual(['2', '3']);

    expect((await k(['rollout', 'restart', 'deployment/web'])).stdout.trim()).toBe('deployment.apps/web restarted');
    await settle();
    expect(revisions()).toEqual(['nginx:1.26@3', 'nginx:1.26@4', 'nginx:1.27@2']);
  });
});
