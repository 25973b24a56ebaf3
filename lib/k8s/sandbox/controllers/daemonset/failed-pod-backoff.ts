/**
 * The failed-pod backoff of the DaemonSet controller (flowcontrol.NewBackOff(1s, 15m) in
 * pkg/controller/daemon): a node whose daemon pod keeps failing has its pod killed and
 * recreated at most once per 1s, 2s, 4s, … up to 15 minutes. An entry idle for twice the
 * maximum starts over.
 */
export const FAILED_POD_BACKOFF_INITIAL_MS = 1000;
export const FAILED_POD_BACKOFF_MAX_MS = 15 * 60 * 1000;

interface Entry {
  durationMs: number;
  lastUpdateMs: number;
}

export class FailedPodBackoff {
  private readonly entries = new Map<string, Entry>();

  /** IsInBackOffSinceUpdate: the remaining wait in ms, or 0 when the pod may be killed now. */
  remaining(key: string, nowMs: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    const left = e.lastUpdateMs + e.durationMs - nowMs;
    return left > 0 ? left : 0;
  }

  /** Next: records a kill now and doubles the wait before the next one. */
  next(key: string, nowMs: number): void {
    const e = this.entries.get(key);
    if (!e || nowMs - e.lastUpdateMs > 2 * FAILED_POD_BACKOFF_MAX_MS) {
      this.entries.set(key, { durationMs: FAILED_POD_BACKOFF_INITIAL_MS, lastUpdateMs: nowMs });
      return;
    }
    e.durationMs = Math.min(e.durationMs * 2, FAILED_POD_BACKOFF_MAX_MS);
    e.lastUpdateMs = nowMs;
  }
}
