import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { bytes, InvalidQuantityError, milliCpu, nodeAllocatable, podRequests } from './resources';

const pod = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec });

describe('quantities', () => {
  it.each([
    ['100m', 100],
    ['1.5', 1500],
    ['2', 2000],
    [1, 1000],
    ['0.0001', 1],
    ['250m', 250],
  ])('reads cpu %s as %d millicores', (q, want) => {
    expect(milliCpu(q)).toBe(want);
  });

  it.each([
    ['128Mi', 134217728],
    ['1G', 1_000_000_000],
    ['8052208Ki', 8245460992],
    ['1Gi', 1073741824],
    ['500', 500],
    ['1.5Gi', 1610612736],
  ])('reads memory %s as %d bytes', (q, want) => {
    expect(bytes(q)).toBe(want);
  });

  it('rejects a quantity that is not one', () => {
    expect(() => milliCpu('lots')).toThrow(InvalidQuantityError);
  });
});

describe('pod requests', () => {
  it('sums containers and takes limits where requests are missing', () => {
    const p = pod({ containers: [
      { name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' } } },
      { name: 'b', resources: { limits: { cpu: '200m', memory: '128Mi' } } },
    ] });
    expect(podRequests(p)).toEqual({ milliCpu: 300, memory: 192 * 2 ** 20 });
  });

  it('takes the largest init container when it exceeds the containers, and adds sidecars to both', () => {
    const p = pod({
      initContainers: [
        { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
        { name: 'migrate', resources: { requests: { cpu: '1' } } },
      ],
      containers: [{ name: 'app', resources: { requests: { cpu: '200m' } } }],
    });
    expect(podRequests(p).milliCpu).toBe(1050);
  });

  it('adds the pod overhead', () => {
    const p = pod({ overhead: { cpu: '10m' }, containers: [{ name: 'a', resources: { requests: { cpu: '100m' } } }] });
    expect(podRequests(p).milliCpu).toBe(110);
  });

  it('uses 100m and 200Mi for a container without requests when scoring', () => {
    expect(podRequests(pod({ containers: [{ name: 'a' }] }), true)).toEqual({ milliCpu: 100, memory: 200 * 2 ** 20 });
    expect(podRequests(pod({ containers: [{ name: 'a' }] }))).toEqual({ milliCpu: 0, memory: 0 });
  });

  it('reads a node allocatable', () => {
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { allocatable: { cpu: '4', memory: '8052208Ki', pods: '110' } } };
    expect(nodeAllocatable(node)).toEqual({ milliCpu: 4000, memory: 8245460992, pods: 110 });
  });
});
