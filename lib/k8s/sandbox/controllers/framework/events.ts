/**
 * EventRecorder: core/v1 Events as client-go's recorder writes them. Repeats of the same
 * (object, type, reason, message, source) within the correlator's window are folded into
 * one Event whose count and lastTimestamp grow, which is what `kubectl describe` shows as
 * "(x5 over 2m)". Event names are `<object>.<16 hex>`, as upstream.
 */
import type { KubeObject } from '../../types';
import type { ClusterClient } from './client';
import { GR } from './client';
import { toISOSeconds } from '../../clock';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  host?: string;
}

/** client-go's EventCorrelator folds repeats seen within 10 minutes. */
const AGGREGATE_WINDOW_MS = 10 * 60 * 1000;

export interface EventRecorderDeps {
  client: ClusterClient;
  now(): number;
  /** 16 lower-case hex digits: upstream uses the time in nanoseconds; tests inject a counter. */
  nameSuffix?(): string;
}

interface Folded {
  name: string;
  namespace: string;
  lastMs: number;
}

/**
 * Shared by every recorder in the process, so Events written within one millisecond by
 * different components (a controller and a provisioner, the scheduler and a kubelet) still
 * get names in the order they happened, as upstream's nanosecond timestamps do.
 */
let eventSeq = 0;

export class EventRecorder {
  private readonly recent = new Map<string, Folded>();

  constructor(private readonly deps: EventRecorderDeps, readonly source: EventSource) {}

  /** The same recorder for another component (e.g. the kubelet of another node). */
  withSource(source: EventSource): EventRecorder {
    const r = new EventRecorder(this.deps, source);
    return r;
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const namespace = obj.metadata.namespace ?? 'default';
    const involved = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    };
    const key = [obj.metadata.uid, fieldPath ?? '', type, reason, message, this.source.component, this.source.host ?? ''].join('\u0000');
    const nowMs = this.deps.now();
    const nowIso = toISOSeconds(nowMs);
    const folded = this.recent.get(key);
    try {
      if (folded && nowMs - folded.lastMs < AGGREGATE_WINDOW_MS) {
        // The stored Event itself (frozen): the update is a new top-level object beside it.
        const live = this.deps.client.peek(GR.events, folded.namespace, folded.name);
        if (live) {
          this.deps.client.update({ ...live, count: ((live.count as number | undefined) ?? 1) + 1, lastTimestamp: nowIso });
          folded.lastMs = nowMs;
          return;
        }
      }
      const name = `${obj.metadata.name}.${this.suffix(nowMs)}`;
      this.deps.client.create({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: involved,
        reason,
        message,
        source: this.source.host ? { component: this.source.component, host: this.source.host } : { component: this.source.component },
        firstTimestamp: nowIso,
        lastTimestamp: nowIso,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: this.source.component,
        reportingInstance: this.source.host ?? '',
      });
      this.recent.set(key, { name, namespace, lastMs: nowMs });
      if (this.recent.size > 5000) this.recent.delete(this.recent.keys().next().value!);
    } catch {
      // Events are best effort, as in client-go: a full cluster or a deleted namespace
      // must never break the controller that reports.
    }
  }

  private suffix(nowMs: number): string {
    if (this.deps.nameSuffix) return this.deps.nameSuffix();
    // Nanoseconds since the epoch in hex, made unique within a millisecond by a counter.
    const ns = BigInt(Math.floor(nowMs)) * 1_000_000n + BigInt(eventSeq++ % 1_000_000);
    return ns.toString(16).padStart(16, '0').slice(-16);
  }
}
