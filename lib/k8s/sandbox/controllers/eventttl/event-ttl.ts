/**
 * Events expire an hour after they were last seen, as with the API server's --event-ttl=1h
 * (etcd leases there; a periodic sweep on the cluster clock here). Without it a CronJob
 * running every minute would pile up thousands of Events a day.
 */
import type { ClusterComponent } from '../../cluster';
import type { ControllerContext } from '../framework/controller';
import { GR } from '../framework/client';
import type { KubeObject } from '../../types';

export const EVENT_TTL_MS = 60 * 60 * 1000;
/** How often expired Events are swept (upstream expiry is per event; a minute's slack is invisible). */
export const SWEEP_INTERVAL_MS = 60 * 1000;

function lastSeen(e: KubeObject): number {
  const t = (e.lastTimestamp as string | undefined) ?? (e.eventTime as string | undefined) ?? (e.firstTimestamp as string | undefined) ?? e.metadata.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

export class EventTtl implements ClusterComponent {
  private cancel: (() => void) | undefined;

  constructor(private readonly ctx: ControllerContext) {}

  start(): void {
    this.arm();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /** Deletes every Event last seen more than the TTL ago; returns how many. */
  sweep(): number {
    const cutoff = this.ctx.clock.now() - EVENT_TTL_MS;
    let n = 0;
    for (const e of this.ctx.client.list(GR.events)) {
      if (lastSeen(e) >= cutoff) continue;
      try {
        this.ctx.client.delete(GR.events, e.metadata.namespace, e.metadata.name!);
        n++;
      } catch {
        // gone already
      }
    }
    return n;
  }

  private arm(): void {
    this.cancel = this.ctx.clock.setTimer(SWEEP_INTERVAL_MS, () => {
      this.sweep();
      this.arm();
    });
  }
}
