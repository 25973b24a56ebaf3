import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { eventForClientClock, kubectlAheadMs } from './client-clock';

const WALL = Date.parse('2026-12-07T07:00:00Z');

describe('kubectlAheadMs', () => {
  it('is how far the cluster is ahead, for kubectl only', () => {
    expect(kubectlAheadMs('kubectl/v1.32.2 (linux/amd64) kubernetes/67a30c0', WALL + 3_600_000, WALL)).toBe(3_600_000);
    expect(kubectlAheadMs('kubectl1.32.2/v1.32.2 (linux/amd64) kubernetes/67a30c0', WALL + 5_000, WALL)).toBe(5_000);
    expect(kubectlAheadMs('node-fetch', WALL + 3_600_000, WALL)).toBe(0);
    expect(kubectlAheadMs(undefined, WALL + 3_600_000, WALL)).toBe(0);
  });

  it('is 0 when the cluster is behind or within a second of the machine', () => {
    expect(kubectlAheadMs('kubectl/v1.32.2', WALL + 500, WALL)).toBe(0);
    expect(kubectlAheadMs('kubectl/v1.32.2', WALL - 60_000, WALL)).toBe(0);
  });
});

describe('eventForClientClock', () => {
  it('moves every time kubectl ages back, keeping Time and MicroTime forms', () => {
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', creationTimestamp: '2026-12-07T08:00:00Z' },
      firstTimestamp: '2026-12-07T08:00:00Z',
      lastTimestamp: '2026-12-07T08:00:05Z',
      eventTime: '2026-12-07T08:00:00.123456Z',
      series: { count: 2, lastObservedTime: '2026-12-07T08:00:05.000001Z' },
    } as unknown as KubeObject;
    const out = eventForClientClock(event, 3_600_000) as unknown as Record<string, unknown>;
    expect(out.firstTimestamp).toBe('2026-12-07T07:00:00Z');
    expect(out.lastTimestamp).toBe('2026-12-07T07:00:05Z');
    expect(out.eventTime).toBe('2026-12-07T07:00:00.123456Z');
    expect(out.series).toEqual({ count: 2, lastObservedTime: '2026-12-07T07:00:05.000001Z' });
    expect((out.metadata as Record<string, unknown>).creationTimestamp).toBe('2026-12-07T08:00:00Z');
    expect((event as unknown as Record<string, unknown>).firstTimestamp).toBe('2026-12-07T08:00:00Z');
  });

  it('leaves null and absent times and a zero shift alone', () => {
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, eventTime: null, firstTimestamp: '2026-12-07T08:00:00Z' } as unknown as KubeObject;
    expect((eventForClientClock(event, 1000) as unknown as Record<string, unknown>).eventTime).toBeNull();
    expect(eventForClientClock(event, 0)).toBe(event);
  });
});
