import { describe, expect, it } from 'vitest';
import { ALL_KINDS, findKind } from './index';
import { beforeCreate, beforeStatusUpdate, beforeUpdate, plainStrategy } from './strategy';
import type { KubeObject } from './deps';

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'u-1', resourceVersion: '5', creationTimestamp: '2025-01-01T00:00:00Z', generation: 2 },
  spec: { replicas: 1 },
  status: { replicas: 1 },
});

describe('write strategies', () => {
  it('are declared for every kind: kinds with a status subresource keep status out of main-resource writes', () => {
    for (const def of ALL_KINDS) expect(def.strategy.mainScope).toBe(def.subresources.includes('status') ? 'main' : 'all');
  });

  it('drop a created Deployment\'s status and the metadata the server sets', () => {
    const obj = deployment();
    beforeCreate(findKind('apps/v1', 'Deployment')!.strategy, obj);
    expect(obj.status).toBeUndefined();
    expect(obj.metadata).toEqual({ name: 'web', namespace: 'default' });
  });

  it('keep a created Node\'s status', () => {
    const obj: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { capacity: { cpu: '2' } } };
    beforeCreate(findKind('v1', 'Node')!.strategy, obj);
    expect(obj.status).toEqual({ capacity: { cpu: '2' } });
  });

  it('keep a ConfigMap whole: it has no status subresource', () => {
    const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'x' }, data: { a: '1' } };
    beforeCreate(plainStrategy, obj);
    expect(obj).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
  });

  it('carry uid, creationTimestamp, generation and status over on update, copying a frozen metadata first', () => {
    const old = deployment();
    const metadata = Object.freeze({ ...old.metadata, uid: 'other', generation: 9 });
    const next: KubeObject = { ...old, metadata, spec: { replicas: 3 }, status: { replicas: 99 } };
    beforeUpdate(findKind('apps/v1', 'Deployment')!.strategy, next, old);
    expect(next.metadata).not.toBe(metadata);
    expect(next.metadata).toMatchObject({ uid: 'u-1', generation: 2, creationTimestamp: '2025-01-01T00:00:00Z' });
    expect(next.status).toBe(old.status);
    expect(next.spec).toEqual({ replicas: 3 });
  });

  it('take only the status from a status write, with its resourceVersion', () => {
    const old = deployment();
    const next = beforeStatusUpdate(findKind('apps/v1', 'Deployment')!.strategy, { ...old, metadata: { ...old.metadata, labels: { x: 'y' }, resourceVersion: '4' }, spec: { replicas: 7 }, status: { replicas: 2 } }, old);
    expect(next).toEqual({ ...old, metadata: { ...old.metadata, resourceVersion: '4' }, status: { replicas: 2 } });
  });
});
