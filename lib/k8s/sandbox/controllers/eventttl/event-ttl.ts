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
  private watch: { close(): void } | undefined;
  /** namespace/name → last seen (ms), kept from the watch: sweeping never lists or copies Events. */
  private readonly lastSeenByKey = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext) {}

  start(): void {
    for (const e of this.ctx.client.peekList(GR.events)) this.lastSeenByKey.set(`${e.metadata.namespace}/${e.metadata.name}`, lastSeen(e));
    this.watch = this.ctx.client.watch(GR.events, (ev) => {
      const key = `${ev.object.metadata.namespace}/${ev.object.metadata.name}`;
      if (ev.type === 'DELETED') this.lastSeenByKey.delete(key);
      else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') this.lastSeenByKey.set(key, lastSeen(ev.object));
    });
    this.arm();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.watch?.close();
    this.watch = undefined;
  }

  /** Deletes every Event last seen more than the TTL ago; returns how many. */
  sweep(): number {
    const cutoff = this.ctx.clock.now() - EVENT_TTL_MS;
    let n = 0;
    // In place, without an entry array per Event: this runs every minute over every Event of
    // the last hour, and a Map may lose entries while it is walked (each delete's watch event
    // removes its key).
    this.lastSeenByKey.forEach((seen, key) => {
      if (seen >= cutoff) return;
      const slash = key.indexOf('/');
      try {
        this.ctx.client.delete(GR.events, key.slice(0, slash), key.slice(slash + 1));
        n++;
      } catch {
        this.lastSeenByKey.delete(key);
      }
    });
    return n;
  }

  private arm(): void {
    this.cancel = this.ctx.clock.setTimer(SWEEP_INTERVAL_MS, () => {
      this.sweep();
      this.arm();
    });
  }
}
