import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import type { ContainerUsage } from '../runtime/types';
import { coresOf, SimulatedMetrics } from './metrics';

const T0 = Date.parse('2026-12-07T07:00:00Z');

function pod(name: string, node: string, cpuLimit?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: name } },
    spec: { nodeName: node, containers: [{ name: 'c', ...(cpuLimit ? { resources: { limits: { cpu: cpuLimit } } } : {}) }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'c', state: { running: { startedAt: new Date(T0).toISOString() } } }] },
  } as unknown as KubeObject;
}

describe('SimulatedMetrics', () => {
  it('turns steps per second into cores over the time since the last scrape, bounded by the limit', () => {
    let now = T0 + 10_000;
    const steps: Record<string, number> = { a: 50_000, b: 200_000 };
    const m = new SimulatedMetrics({
      pods: () => [pod('a', 'worker-1'), pod('b', 'worker-1', '500m')],
      nodes: () => [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } } as KubeObject, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-2' } } as KubeObject],
      usageOf: (_n, _ns, p): ContainerUsage => ({ cpuSteps: steps[p], stepsPerSecond: 10_000, memoryBytes: 2 * 1024 * 1024 }),
      now: () => now,
    });
    // a: 50k steps over its 10 s = 5k/s = 0.5 core; b: 20k/s = 2 cores, limited to 0.5.
    const first = m.podMetrics('default');
    expect(first.map((p) => (p.containers as { usage: { cpu: string } }[])[0].usage.cpu)).toEqual(['500000000n', '500000000n']);
    expect((first[0].containers as { usage: { memory: string } }[])[0].usage.memory).toBe('2048Ki');
    now += 10_000;
    steps.a += 10_000; // 1k/s over the last 10 s
    expect((m.podMetrics('default', 'app=a')[0].containers as { usage: { cpu: string } }[])[0].usage.cpu).toBe('100000000n');
    // b ran no step in those 10 s; a's rate is the one just measured (scrapes within a second repeat it).
    const nodes = m.nodeMetrics();
    expect(nodes.map((n) => (n.usage as { cpu: string }).cpu)).toEqual(['100000000n', '0n']);
  });

  it('reads CPU limits in cores and millicores', () => {
    expect(coresOf('250m')).toBe(0.25);
    expect(coresOf('2')).toBe(2);
    expect(coresOf('x')).toBeUndefined();
  });
});
