import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';
import { goDuration } from './go-duration';
import { PodIPAllocator, PodCIDRError } from './pod-ip';
import { getPhase } from './pod-phase';
import { mergeConditions } from './pod-conditions';
import type { ContainerStatus, PodSpec } from './spec-types';

describe('goDuration formats like Go time.Duration', () => {
  it.each([
    [0, '0s'], [500, '500ms'], [1_200, '1.2s'], [10_000, '10s'], [80_000, '1m20s'], [300_000, '5m0s'], [3_600_000, '1h0m0s'], [61_500, '1m1.5s'],
  ])('%d ms is %s', (ms, text) => expect(goDuration(ms)).toBe(text));
});

describe('Backoff as the kubelet uses it', () => {
  it('doubles from 10s to the 300s cap and forgets an entry idle for 10 minutes', () => {
    let now = 0;
    const b = new Backoff(() => now);
    const seen: number[] = [];
    for (let i = 0; i < 7; i++) {
      b.next('c', now);
      seen.push(b.get('c'));
    }
    expect(seen).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    now = 10 * 60_000 + 1;
    expect(b.isInBackOffSince('c', now)).toBe(false);
    b.next('c', now);
    expect(b.get('c')).toBe(10_000);
  });

  it('is in backoff only while less than the delay has passed since the event', () => {
    let now = 0;
    const b = new Backoff(() => now);
    b.next('c', 0);
    now = 9_999;
    expect(b.isInBackOffSince('c', 0)).toBe(true);
    now = 10_000;
    expect(b.isInBackOffSince('c', 0)).toBe(false);
    expect(b.isInBackOffSince('unknown', 0)).toBe(false);
  });
});

describe('PodIPAllocator', () => {
  it('hands out .2 upward round-robin, reuses a freed address only after wrapping, and rejects other prefixes', () => {
    const ips = new PodIPAllocator('10.244.3.0/24');
    expect([ips.allocate('a'), ips.allocate('b'), ips.allocate('a')]).toEqual(['10.244.3.2', '10.244.3.3', '10.244.3.2']);
    ips.release('a');
    expect(ips.allocate('c')).toBe('10.244.3.4');
    expect(() => new PodIPAllocator('10.244.0.0/16')).toThrow(PodCIDRError);
  });
});

const running = (name: string): ContainerStatus => ({ name, state: { running: {} }, lastState: {}, ready: true, restartCount: 0, image: '', imageID: '', started: true });
const exited = (name: string, exitCode: number): ContainerStatus => ({ name, state: { terminated: { exitCode } }, lastState: {}, ready: false, restartCount: 0, image: '', imageID: '' });
const waiting = (name: string): ContainerStatus => ({ name, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: '', imageID: '' });

describe('getPhase (kubelet_pods.go)', () => {
  const spec = (restartPolicy: PodSpec['restartPolicy'], sidecar = false): PodSpec => ({
    restartPolicy,
    initContainers: sidecar ? [{ name: 'side', image: 'x', restartPolicy: 'Always' }] : [],
    containers: [{ name: 'app', image: 'x' }],
  });
  it.each([
    ['a waiting container is Pending', spec('Always'), [waiting('app')], false, 'Pending'],
    ['a running container is Running', spec('Always'), [running('app')], false, 'Running'],
    ['exit 0 under Never is Succeeded', spec('Never'), [exited('app', 0)], false, 'Succeeded'],
    ['exit 1 under Never is Failed', spec('Never'), [exited('app', 1)], false, 'Failed'],
    ['exit 1 under OnFailure is Running (restarting)', spec('OnFailure'), [exited('app', 1)], false, 'Running'],
    ['exit 1 under Always is Running (restarting)', spec('Always'), [exited('app', 1)], false, 'Running'],
    ['a deleted Always pod whose containers stopped is Failed', spec('Always'), [exited('app', 143)], true, 'Failed'],
    ['a running sidecar keeps a finished Never pod Running until stopped', spec('Never', true), [running('side'), exited('app', 0)], false, 'Running'],
    ['a stopped sidecar does not decide the phase', spec('Never', true), [exited('side', 143), exited('app', 0)], true, 'Succeeded'],
  ] as const)('%s', (_name, s, statuses, terminal, phase) => {
    expect(getPhase(s, [...statuses], terminal)).toBe(phase);
  });
});

describe('mergeConditions', () => {
  it('keeps conditions others own first, and moves lastTransitionTime only on a status change', () => {
    const old = [
      { type: 'DisruptionTarget', status: 'True' as const, reason: 'DeletionByTaintManager', lastTransitionTime: 'T0' },
      { type: 'Ready', status: 'False' as const, lastTransitionTime: 'T0' },
      { type: 'PodScheduled', status: 'True' as const, lastTransitionTime: 'T0' },
    ];
    const merged = mergeConditions(old, [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }], 'T1');
    expect(merged).toEqual([
      old[0],
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: 'T1' },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: 'T0' },
    ]);
  });
});
