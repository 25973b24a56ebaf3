import { describe, expect, it } from 'vitest';
import { StatusError } from '../../errors';
import { applyStrategicMergePatch } from './strategic-merge';

const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };
const live = {
  metadata: { name: 'web', finalizers: ['a'], labels: { app: 'web' } },
  spec: {
    replicas: 2,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    template: {
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1.26', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          { name: 'log', image: 'busybox' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
        tolerations: [{ key: 'x', operator: 'Exists' }],
      },
    },
  },
};
type Live = typeof live;
const containers = (d: unknown) => (d as Live).spec.template.spec.containers;

describe('applyStrategicMergePatch', () => {
  it.each<[string, object, (d: Live) => void]>([
    ['changes one container image by name and keeps the others', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } }, (d) => {
      expect(containers(d).map((c) => c.image)).toEqual(['nginx:1.27', 'busybox']);
      expect(containers(d)[0].env).toHaveLength(2);
    }],
    ['adds an env var and removes another with $patch: delete', { spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'C', value: '3' }, { name: 'A', $patch: 'delete' }] }] } } } }, (d) => {
      expect(containers(d)[0].env).toEqual([{ name: 'B', value: '2' }, { name: 'C', value: '3' }]);
    }],
    ['deletes a container with $patch: delete', { spec: { template: { spec: { containers: [{ name: 'log', $patch: 'delete' }] } } } }, (d) => {
      expect(containers(d).map((c) => c.name)).toEqual(['nginx']);
    }],
    ['orders containers by $setElementOrder as kubectl three-way patches send', { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'log' }, { name: 'nginx' }], containers: [{ name: 'nginx', image: 'nginx:2' }] } } } }, (d) => {
      expect(containers(d).map((c) => c.name)).toEqual(['log', 'nginx']);
    }],
    ['replaces a map with $patch: replace', { metadata: { labels: { tier: 'front', $patch: 'replace' } } }, (d) => {
      expect(d.metadata.labels).toEqual({ tier: 'front' });
    }],
    ['clears the old strategy fields with $retainKeys', { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } }, (d) => {
      expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    }],
    ['switches a volume source with $retainKeys', { spec: { template: { spec: { volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }] } } } }, (d) => {
      expect(d.spec.template.spec.volumes).toEqual([{ name: 'data', configMap: { name: 'cm' } }]);
    }],
    ['merges finalizers as a set', { metadata: { finalizers: ['a', 'b'] } }, (d) => expect(d.metadata.finalizers).toEqual(['a', 'b'])],
    ['removes a finalizer with $deleteFromPrimitiveList', { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, (d) => expect(d.metadata.finalizers).toEqual([])],
    ['replaces atomic lists like tolerations whole', { spec: { template: { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } } } }, (d) => {
      expect(d.spec.template.spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
    }],
    ['replaces a merge list whole when an element says $patch: replace', { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } } }, (d) => {
      expect(containers(d)).toEqual([{ name: 'only', image: 'x' }]);
    }],
    ['deletes a field set to null', { spec: { replicas: null } }, (d) => expect('replicas' in d.spec).toBe(false)],
  ])('%s', (_name, patch, check) => {
    check(applyStrategicMergePatch(live, patch, deployment) as Live);
  });

  it('finds containers inside a CronJob job template', () => {
    const cron = { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }] } } } } } };
    const out = applyStrategicMergePatch(cron, { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'b', image: '2' }] } } } } } }, { group: 'batch', version: 'v1', kind: 'CronJob' });
    expect(out).toEqual({ spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }] } } } } } });
  });

  it('rejects a list element without its merge key with 400 BadRequest', () => {
    let err: unknown;
    try {
      applyStrategicMergePatch(live, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, deployment);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).code).toBe(400);
    expect((err as StatusError).message).toContain('does not contain declared merge key: name');
  });
});
