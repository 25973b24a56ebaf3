import { describe, expect, it } from 'vitest';
import { UnknownKindError, validateManifest } from './validate';

const job = (spec: Record<string, unknown>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'x' },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }], ...spec } } },
});

describe('validateManifest', () => {
  it('accepts a valid Job', () => {
    expect(validateManifest(job({}))).toEqual([]);
  });

  it('names an unknown field by its full path', () => {
    const bad = job({});
    (bad.spec.template.spec.containers[0] as Record<string, unknown>).imagePullPolicyy = 'Always';
    expect(validateManifest(bad)).toEqual([
      expect.objectContaining({ field: 'spec.template.spec.containers[0].imagePullPolicyy', message: 'unknown field "spec.template.spec.containers[0].imagePullPolicyy"' }),
    ]);
  });

  it('reports a wrong type and a missing required field', () => {
    const problems = validateManifest({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'three', template: {} } });
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining(['spec.selector', 'spec.replicas']));
  });

  it('accepts both forms of a resource quantity and of an int-or-string', () => {
    const ok = job({});
    Object.assign(ok.spec.template.spec.containers[0], { resources: { requests: { cpu: '100m', memory: 1024 } }, ports: [{ containerPort: 80 }] });
    expect(validateManifest(ok)).toEqual([]);
  });

  it('follows 1.32 where kubernetes-types 1.30 is stricter: onPodConditions status defaults to True', () => {
    const rule = { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] };
    const ok = { ...job({}), spec: { ...job({}).spec, podFailurePolicy: { rules: [rule] } } };
    expect(validateManifest(ok)).toEqual([]);
  });

  it('rejects a kind it has no schema for', () => {
    expect(() => validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toThrow(UnknownKindError);
  });

  it('checks the apiVersion of a known kind', () => {
    expect(validateManifest({ ...job({}), apiVersion: 'batch/v1' })).toEqual([]);
    expect(() => validateManifest({ ...job({}), apiVersion: 'batch/v2' })).toThrow(UnknownKindError);
  });
});
