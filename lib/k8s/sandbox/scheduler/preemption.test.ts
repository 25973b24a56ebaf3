import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { infoOf, node, sized, snapshot } from './fixtures.testing';
import { filterNode, findFeasibleNodes } from './framework';
import { pickCandidate, preempt, selectVictimsOnNode } from './preemption';

const on = (nodeName: string, name: string, cpu: string, priority: number, created = '2025-01-01T00:00:00Z') =>
  sized(name, cpu, undefined, { nodeName, priority }, { created });
const names = (pods: KubeObject[]) => pods.map((p) => p.metadata.name);

describe('DefaultPreemption', () => {
  it('removes only as many lower-priority pods as needed, keeping the most important', () => {
    const snap = snapshot([node('n')], [on('n', 'low-a', '1', 0), on('n', 'low-b', '1', 10), on('n', 'mid', '1', 100), on('n', 'peer', '1', 1000)]);
    const preemptor = sized('high', '2', undefined, { priority: 1000 });
    const r = selectVictimsOnNode(preemptor, infoOf(snap, 'n'), snap, filterNode);
    expect('victims' in r && names(r.victims)).toEqual(['low-b', 'low-a']);
  });

  it('finds no victims among pods of equal or higher priority', () => {
    const snap = snapshot([node('n')], [on('n', 'peer', '4', 0)]);
    const r = selectVictimsOnNode(sized('p', '1'), infoOf(snap, 'n'), snap, filterNode);
    expect('rejection' in r && r.rejection.reasons).toEqual(['No preemption victims found for incoming pod']);
  });

  it('keeps the filter reason when removing every lower-priority pod is not enough', () => {
    const snap = snapshot([node('n')], [on('n', 'low', '1', 0), on('n', 'peer', '3', 1000)]);
    const r = selectVictimsOnNode(sized('p', '2', undefined, { priority: 1000 }), infoOf(snap, 'n'), snap, filterNode);
    expect('rejection' in r && r.rejection.reasons).toEqual(['Insufficient cpu']);
  });

  it.each([
    ['the lowest highest-victim priority', [{ node: 'a', victims: [on('a', 'x', '1', 50)] }, { node: 'b', victims: [on('b', 'y', '1', 10), on('b', 'z', '1', 10)] }], 'b'],
    ['then the lowest priority sum', [{ node: 'a', victims: [on('a', 'x', '1', 10), on('a', 'w', '1', 5)] }, { node: 'b', victims: [on('b', 'y', '1', 10), on('b', 'z', '1', 0)] }], 'b'],
    ['then the fewest victims', [{ node: 'a', victims: [on('a', 'x', '1', 0), on('a', 'w', '1', 0)] }, { node: 'b', victims: [on('b', 'y', '1', 0)] }], 'b'],
    ['then the latest started highest-priority victim', [{ node: 'a', victims: [on('a', 'x', '1', 0, '2025-01-01T00:00:00Z')] }, { node: 'b', victims: [on('b', 'y', '1', 0, '2025-01-01T01:00:00Z')] }], 'b'],
  ])('picks the node with %s', (_name, candidates, want) => {
    expect(pickCandidate(candidates).node).toBe(want);
  });

  it('says which nodes preemption cannot help and where no victims exist', () => {
    const snap = snapshot([node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }), node('w')], [on('w', 'peer', '4', 0)]);
    const p = sized('p', '1');
    const { diagnosis } = findFeasibleNodes(p, snap);
    expect(preempt(p, snap, diagnosis, filterNode)).toEqual({ kind: 'failed', message: 'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.' });
  });

  it('refuses while a victim of an earlier preemption is still terminating on the nominated node', () => {
    const victim = on('w', 'victim', '4', 0);
    victim.metadata.deletionTimestamp = '2025-01-01T00:00:30Z';
    (victim.status as Record<string, unknown>).conditions = [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }];
    const snap = snapshot([node('w')], [victim]);
    const p = sized('p', '1', undefined, { priority: 10 });
    (p.status as Record<string, unknown>).nominatedNodeName = 'w';
    const { diagnosis } = findFeasibleNodes(p, snap);
    expect(preempt(p, snap, diagnosis, filterNode)).toEqual({ kind: 'failed', message: 'preemption: not eligible due to a terminating pod on the nominated node.' });
  });
});
