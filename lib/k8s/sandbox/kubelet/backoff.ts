/**
 * The kubelet's per-key backoff (client-go util/flowcontrol/backoff.go as the kubelet uses it
 * for container restarts and image pulls, pkg/kubelet/kubelet.go: 10s initial, 300s max).
 * Next() starts at the initial delay or doubles up to the cap; an entry not updated for
 * 2×max (10 minutes) counts as expired, so a container that ran 10 minutes starts over at 10s.
 * No jitter: the kubelet creates these backoffs without it.
 */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    readonly initialMs = BACKOFF_INITIAL_MS,
    readonly maxMs = BACKOFF_MAX_MS,
  ) {}

  private expired(eventTime: number, entry: Entry): boolean {
    return eventTime - entry.lastUpdate > 2 * this.maxMs;
  }

  /** The current delay for key (0 when it has none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** When key's backoff was last moved. */
  lastUpdate(key: string): number | undefined {
    return this.entries.get(key)?.lastUpdate;
  }

  /** Moves key to its next delay: the initial one when new or expired, else double, capped. */
  next(key: string, eventTime: number): void {
    const entry = this.entries.get(key);
    const backoffMs = !entry || this.expired(eventTime, entry) ? this.initialMs : Math.min(entry.backoffMs * 2, this.maxMs);
    this.entries.set(key, { backoffMs, lastUpdate: this.now() });
  }

  /** True while less than the delay has passed since eventTime (a container's finishedAt). */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(eventTime, entry)) return false;
    return this.now() - eventTime < entry.backoffMs;
  }

  /** True while less than the delay has passed since the last next() (image pulls). */
  isInBackOffSinceUpdate(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(this.now(), entry)) return false;
    return this.now() - entry.lastUpdate < entry.backoffMs;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }
}
