import { describe, expect, it } from 'vitest';
import { infoOf, node, pod, snapshot } from '../fixtures.testing';
import { filterTopologySpread, normalizeSpread, rawSpreadScores } from './pod-topology-spread';

const zone = (name: string, z: string, opts = {}) => node(name, { labels: { 'topology.kubernetes.io/zone': z }, ...opts });
const web = (name: string, nodeName: string) => pod(name, { nodeName }, { labels: { app: 'web' } });
const constraint = (extra: Record<string, unknown> = {}) => ({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 'web' } }, ...extra });
const incoming = (extra: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) => pod('new', { ...spec, topologySpreadConstraints: [constraint(extra)] }, { labels: { app: 'web' } });

describe('PodTopologySpread filter', () => {
  const nodes = [zone('a1', 'a'), zone('b1', 'b'), node('bare')];
  it.each([
    ['the emptier zone fits', [web('x', 'a1')], incoming(), 'b1', undefined],
    ['the fuller zone would exceed maxSkew 1', [web('x', 'a1')], incoming(), 'a1', ["node(s) didn't match pod topology spread constraints"]],
    ['maxSkew 2 allows it', [web('x', 'a1')], incoming({ maxSkew: 2 }), 'a1', undefined],
    ['a node without the key is unresolvable', [], incoming(), 'bare', ["node(s) didn't match pod topology spread constraints (missing required label)"]],
    ['pods of other apps do not count', [pod('other', { nodeName: 'a1' }, { labels: { app: 'db' } })], incoming(), 'a1', undefined],
    ['terminating pods do not count', [pod('t', { nodeName: 'a1' }, { labels: { app: 'web' }, deleting: true })], incoming(), 'a1', undefined],
    ['minDomains above the domain count makes the minimum 0', [web('x', 'a1'), web('y', 'b1')], incoming({ minDomains: 3 }), 'a1', ["node(s) didn't match pod topology spread constraints"]],
    ['node affinity narrows the domains counted', [web('x', 'a1')], incoming({}, { nodeSelector: { 'topology.kubernetes.io/zone': 'a' } }), 'a1', undefined],
    ['ScheduleAnyway never filters', [web('x', 'a1'), web('y', 'a1')], incoming({ whenUnsatisfiable: 'ScheduleAnyway' }), 'a1', undefined],
  ])('%s', (_name, existing, p, target, reasons) => {
    const snap = snapshot(nodes, existing);
    expect(filterTopologySpread(p, infoOf(snap, target), snap)?.reasons).toEqual(reasons);
  });
});

describe('PodTopologySpread score', () => {
  it('scores the node whose domain has fewer matching pods higher', () => {
    const nodes = [zone('a1', 'a'), zone('b1', 'b')];
    const snap = snapshot(nodes, [web('x', 'a1'), web('y', 'a1')]);
    const p = incoming({ whenUnsatisfiable: 'ScheduleAnyway' });
    const scores = normalizeSpread(rawSpreadScores(p, snap.nodes, snap));
    expect(scores[1]).toBe(100);
    expect(scores[0]).toBeLessThan(scores[1]);
  });

  it('spreads by the owner selector when the pod declares no constraints', () => {
    const nodes = [zone('a1', 'a'), zone('b1', 'b')];
    const snap = snapshot(nodes, [web('x', 'a1')], { defaultSpreadSelector: () => ({ matchLabels: { app: 'web' } }) });
    const p = pod('new', {}, { labels: { app: 'web' } });
    const [a, b] = normalizeSpread(rawSpreadScores(p, snap.nodes, snap));
    expect(b).toBeGreaterThan(a);
  });
});
