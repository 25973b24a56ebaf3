import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../deps';
import { cronjobs, jobs } from './batch';
import { daemonsets, deployments, statefulsets } from './apps';
import { nodes, services } from './core';
import { storageclasses } from './other-groups';

const now = Date.parse('2026-01-01T01:00:00Z');
const meta = { name: 'x', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' };
const obj = (apiVersion: string, kind: string, rest: Record<string, unknown>, m: Record<string, unknown> = {}): KubeObject => ({
  apiVersion, kind, metadata: { ...meta, ...m }, ...rest,
});
const template = { spec: { containers: [{ name: 'a', image: 'nginx:1.27' }, { name: 'b', image: 'busybox' }] } };

describe('workload rows', () => {
  it('prints a job as Running 1/3 with duration and selector', () => {
    const job = obj('batch/v1', 'Job', {
      spec: { completions: 3, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template },
      status: { succeeded: 1, startTime: '2026-01-01T00:58:00Z' },
    });
    expect(jobs.printRow(job, { now }).cells).toEqual(['x', 'Running', '1/3', '2m', '60m', 'a,b', 'nginx:1.27,busybox', 'batch.kubernetes.io/controller-uid=u1']);
  });

  it('prints Complete before Failed and the work-queue completions forms', () => {
    const job = obj('batch/v1', 'Job', {
      spec: { parallelism: 2, template },
      status: { succeeded: 2, startTime: '2026-01-01T00:00:00Z', completionTime: '2026-01-01T00:00:30Z', conditions: [{ type: 'Complete', status: 'True' }, { type: 'Failed', status: 'False' }] },
    });
    expect(jobs.printRow(job, { now }).cells.slice(1, 4)).toEqual(['Complete', '2/1 of 2', '30s']);
  });

  it('prints a cronjob with <none> timezone and last schedule', () => {
    const cj = obj('batch/v1', 'CronJob', { spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template } } }, status: {} });
    expect(cronjobs.printRow(cj, { now }).cells.slice(0, 7)).toEqual(['x', '*/1 * * * *', '<none>', 'False', 0, '<none>', '60m']);
  });

  it('prints deployment, statefulset and daemonset readiness', () => {
    const d = obj('apps/v1', 'Deployment', { spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } });
    expect(deployments.printRow(d, { now }).cells.slice(0, 5)).toEqual(['x', '2/3', 3, 2, '60m']);
    const s = obj('apps/v1', 'StatefulSet', { spec: { replicas: 3, template }, status: {} });
    expect(statefulsets.printRow(s, { now }).cells.slice(0, 3)).toEqual(['x', '0/3', '60m']);
    const ds = obj('apps/v1', 'DaemonSet', { spec: { template }, status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 1, updatedNumberScheduled: 3, numberAvailable: 1 } });
    expect(daemonsets.printRow(ds, { now }).cells.slice(0, 8)).toEqual(['x', 3, 3, 1, 3, 1, '<none>', '60m']);
  });
});

describe('cluster rows', () => {
  it('prints node status with SchedulingDisabled and sorted roles', () => {
    const n = obj('v1', 'Node', {
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.2' }, addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] },
    }, { labels: { 'node-role.kubernetes.io/control-plane': '' } });
    expect(nodes.printRow(n, { now }).cells.slice(0, 6)).toEqual(['x', 'Ready,SchedulingDisabled', 'control-plane', '60m', 'v1.32.2', '172.18.0.2']);
  });

  it('prints service ports with node ports and headless cluster IP', () => {
    const svc = obj('v1', 'Service', { spec: { type: 'NodePort', clusterIPs: ['10.96.0.20'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { app: 'web' } } });
    expect(services.printRow(svc, { now }).cells).toEqual(['x', 'NodePort', '10.96.0.20', '<none>', '80:30080/TCP,53/UDP', '60m', 'app=web']);
    const headless = obj('v1', 'Service', { spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [] } });
    expect(services.printRow(headless, { now }).cells.slice(1, 5)).toEqual(['ClusterIP', 'None', '<none>', '<none>']);
  });

  it('marks the default storage class', () => {
    const sc = obj('storage.k8s.io/v1', 'StorageClass', { provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' }, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } });
    expect(storageclasses.printRow(sc, { now }).cells).toEqual(['x (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', 'false', '60m']);
  });
});
