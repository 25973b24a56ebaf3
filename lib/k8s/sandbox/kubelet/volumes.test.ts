import { describe, expect, it } from 'vitest';
import { simCluster } from '../testing/sim-cluster';
import { GR } from '../controllers/framework/client';
import { resolveMounts, VolumeMountError } from './volumes';

const addrs = { podIP: '10.244.1.7', hostIP: '172.18.0.3' };

describe('container mounts', () => {
  it('maps emptyDir, hostPath, configMap, secret, downward API and the service account token', () => {
    const sim = simCluster();
    sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' }, data: { 'haproxy.cfg': 'frontend f\n' } });
    sim.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls' }, data: { key: Buffer.from('k').toString('base64') } });
    const pod = sim.apply({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'x' } },
      spec: {
        nodeName: 'worker-1',
        volumes: [
          { name: 'logs', emptyDir: {} },
          { name: 'varlog', hostPath: { path: '/var/log' } },
          { name: 'cfg', configMap: { name: 'conf' } },
          { name: 'sec', secret: { secretName: 'tls', items: [{ key: 'key', path: 'tls.key' }] } },
          { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        ],
        containers: [{ name: 'c', image: 'busybox:1.36', volumeMounts: [
          { name: 'logs', mountPath: '/var/app' }, { name: 'varlog', mountPath: '/host/log', readOnly: true },
          { name: 'cfg', mountPath: '/usr/local/etc/haproxy' }, { name: 'sec', mountPath: '/etc/tls' }, { name: 'info', mountPath: '/etc/podinfo' },
        ] }],
      },
    });
    const container = (pod.spec as { containers: { name: string; volumeMounts: { name: string; mountPath: string }[] }[] }).containers[0];
    const mounts = resolveMounts(pod, container, sim.client, 'worker-1', addrs);
    expect(mounts.map((m) => [m.mountPath, m.readOnly, m.source.type])).toEqual([
      ['/var/app', false, 'emptyDir'], ['/host/log', true, 'hostPath'], ['/usr/local/etc/haproxy', true, 'files'], ['/etc/tls', true, 'files'], ['/etc/podinfo', true, 'files'],
      ['/var/run/secrets/kubernetes.io/serviceaccount', true, 'files'],
    ]);
    expect(mounts[0].source).toEqual({ type: 'emptyDir', podUid: pod.metadata.uid, volume: 'logs' });
    expect(mounts[1].source).toMatchObject({ type: 'hostPath', node: 'worker-1', path: '/var/log' });
    expect(mounts[2].source).toMatchObject({ files: { 'haproxy.cfg': 'frontend f\n' } });
    expect(mounts[3].source).toMatchObject({ files: { 'tls.key': 'k' } });
    expect(mounts[4].source).toMatchObject({ files: { labels: 'app="x"' } });
    const sa = mounts[5].source as { files: Record<string, string> };
    expect(Object.keys(sa.files).sort()).toEqual(['ca.crt', 'namespace', 'token']);
    expect(sa.files.namespace).toBe('default');
    sim.close();
  });

  it('waits for a PersistentVolumeClaim to be bound and then mounts its volume', () => {
    const sim = simCluster();
    sim.apply({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const pod = sim.apply({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { nodeName: 'worker-1', automountServiceAccountToken: false, volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }], containers: [{ name: 'c', image: 'busybox:1.36', volumeMounts: [{ name: 'd', mountPath: '/data' }] }] },
    });
    const c = (pod.spec as { containers: { name: string; volumeMounts: { name: string; mountPath: string }[] }[] }).containers[0];
    expect(() => resolveMounts(pod, c, sim.client, 'worker-1', addrs)).toThrow(new VolumeMountError('d', 'persistentvolumeclaim "data" is not bound'));
    const pvc = sim.get(GR.pvcs, 'default', 'data')!;
    (pvc.spec as Record<string, unknown>).volumeName = 'pvc-123';
    sim.client.update(pvc);
    const bound = sim.get(GR.pvcs, 'default', 'data')!;
    bound.status = { phase: 'Bound' };
    sim.client.updateStatus(bound);
    expect(resolveMounts(pod, c, sim.client, 'worker-1', addrs)).toEqual([{ mountPath: '/data', readOnly: false, source: { type: 'persistent', volumeName: 'pvc-123' } }]);
    sim.close();
  });

  it('reports a missing ConfigMap as the kubelet FailedMount message', () => {
    const sim = simCluster();
    const pod = sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'worker-1', volumes: [{ name: 'cfg', configMap: { name: 'missing' } }], containers: [{ name: 'c', image: 'busybox:1.36', volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] }] } });
    const c = (pod.spec as { containers: { name: string; volumeMounts: { name: string; mountPath: string }[] }[] }).containers[0];
    expect(() => resolveMounts(pod, c, sim.client, 'worker-1', addrs)).toThrow('MountVolume.SetUp failed for volume "cfg" : configmap "missing" not found');
    sim.close();
  });
});
