/**
 * kubectl computes some ages on the CLIENT, from the learner machine's clock: the AGE/LAST SEEN of
 * `kubectl events` and of the Events section of `kubectl describe` (translateTimestampSince on the
 * events' firstTimestamp/lastTimestamp/eventTime/series.lastObservedTime). A sandbox cluster's clock
 * runs ahead of the machine's (--time-scale, skips), so those timestamps are in the client's future
 * and kubectl prints `<invalid>`. Every other age kubectl shows comes from the server's Table cells,
 * which the sandbox computes on the cluster clock.
 *
 * So, for kubectl only (its User-Agent), events are served with their times moved back by how far
 * the cluster clock is ahead of the machine's: kubectl's now - served time = cluster now - stored
 * time, the age the cluster means. Stored events, the portal's own reads and Tables are unchanged.
 */
import type { KubeObject } from '../types';

/** A cluster less than this ahead is served as stored (clock jitter, a scale of 1). */
const MIN_AHEAD_MS = 1000;

/** How far to move event times back for this client: 0 unless kubectl talks to a cluster ahead of the machine. */
export function kubectlAheadMs(userAgent: string | undefined, clusterNow: number, wallNow: number): number {
  if (!userAgent || !userAgent.startsWith('kubectl')) return 0;
  const ahead = clusterNow - wallNow;
  return ahead >= MIN_AHEAD_MS ? ahead : 0;
}

function shifted(value: unknown, aheadMs: number): unknown {
  if (typeof value !== 'string' || value === '') return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const iso = new Date(ms - aheadMs).toISOString();
  // Time is whole seconds (RFC 3339); MicroTime keeps six fraction digits.
  const fraction = /\.(\d+)Z$/.exec(value);
  if (!fraction) return iso.replace(/\.\d{3}Z$/, 'Z');
  return iso.replace(/\.(\d{3})Z$/, (_m, milli: string) => `.${(milli + fraction[1].slice(3)).padEnd(6, '0').slice(0, 6)}Z`);
}

/** An event (core/v1 or events.k8s.io/v1) with the times kubectl ages moved back by aheadMs. */
export function eventForClientClock(event: KubeObject, aheadMs: number): KubeObject {
  if (aheadMs <= 0) return event;
  const e = event as Record<string, unknown>;
  const out: Record<string, unknown> = { ...e };
  for (const key of ['firstTimestamp', 'lastTimestamp', 'eventTime', 'deprecatedFirstTimestamp', 'deprecatedLastTimestamp']) {
    if (key in e) out[key] = shifted(e[key], aheadMs);
  }
  const series = e.series as Record<string, unknown> | undefined;
  if (series && typeof series === 'object') out.series = { ...series, lastObservedTime: shifted(series.lastObservedTime, aheadMs) };
  return out as KubeObject;
}
