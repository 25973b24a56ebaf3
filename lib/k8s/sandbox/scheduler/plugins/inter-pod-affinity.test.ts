import { describe, expect, it } from 'vitest';
import { infoOf, node, pod, snapshot } from '../fixtures.testing';
import { filterInterPodAffinity, normalizeMinMax, rawAffinityScores } from './inter-pod-affinity';

const zoned = (name: string, z: string) => node(name, { labels: { zone: z } });
const term = (app: string, topologyKey = 'zone', extra: Record<string, unknown> = {}) => ({ labelSelector: { matchLabels: { app } }, topologyKey, ...extra });
const affine = (app: string, extra = {}) => pod('new', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(app, 'zone', extra)] } } }, { labels: { app: 'new' } });
const anti = (app: string, extra = {}) => pod('new', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(app, 'zone', extra)] } } }, { labels: { app: 'new' } });
const running = (name: string, nodeName: string, app: string, namespace = 'default', spec: Record<string, unknown> = {}) => pod(name, { nodeName, ...spec }, { labels: { app }, namespace });

describe('InterPodAffinity filter', () => {
  const nodes = [zoned('a1', 'a'), zoned('a2', 'a'), zoned('b1', 'b')];
  it.each([
    ['affinity fits in the zone of a matching pod, even on another node', [running('db', 'a1', 'db')], affine('db'), 'a2', undefined],
    ['affinity fails in a zone without one', [running('db', 'a1', 'db')], affine('db'), 'b1', ["node(s) didn't match pod affinity rules"]],
    ['the first pod of a self-affine group may go anywhere', [], pod('new', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('new')] } } }, { labels: { app: 'new' } }), 'b1', undefined],
    ['affinity ignores pods in other namespaces by default', [running('db', 'a1', 'db', 'other')], affine('db'), 'a1', ["node(s) didn't match pod affinity rules"]],
    ['affinity with namespaces listed sees them', [running('db', 'a1', 'db', 'other')], affine('db', { namespaces: ['other'] }), 'a1', undefined],
    ['an empty namespaceSelector selects every namespace', [running('db', 'a1', 'db', 'other')], affine('db', { namespaceSelector: {} }), 'a1', undefined],
    ['anti-affinity keeps the pod out of the zone', [running('db', 'a1', 'db')], anti('db'), 'a2', ["node(s) didn't match pod anti-affinity rules"]],
    ['anti-affinity allows another zone', [running('db', 'a1', 'db')], anti('db'), 'b1', undefined],
    [
      "an existing pod's anti-affinity keeps matching pods out of its zone",
      [running('loner', 'a1', 'loner', 'default', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('new')] } } })],
      pod('new', {}, { labels: { app: 'new' } }), 'a2', ["node(s) didn't satisfy existing pods anti-affinity rules"],
    ],
  ])('%s', (_name, existing, p, target, reasons) => {
    const snap = snapshot(nodes, existing);
    expect(filterInterPodAffinity(p, infoOf(snap, target), snap)?.reasons).toEqual(reasons);
  });
});

describe('InterPodAffinity score', () => {
  it('prefers the zone of a preferred pod and avoids that of an anti-preferred one', () => {
    const nodes = [zoned('a1', 'a'), zoned('b1', 'b'), zoned('c1', 'c')];
    const snap = snapshot(nodes, [running('cache', 'a1', 'cache'), running('batch', 'b1', 'batch')]);
    const p = pod('new', { affinity: {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term('cache') }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term('batch') }] },
    } });
    expect(rawAffinityScores(p, snap.nodes, snap)).toEqual([50, -50, 0]);
    expect(normalizeMinMax([50, -50, 0])).toEqual([100, 0, 50]);
  });
});
