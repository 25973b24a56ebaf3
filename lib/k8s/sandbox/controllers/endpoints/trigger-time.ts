/**
 * The endpoints.kubernetes.io/last-change-trigger-time annotation
 * (pkg/controller/util/endpoint/trigger_time_tracker.go): the earliest trigger time among the
 * pods and the Service whose trigger time moved since this Service's last sync. A pod's
 * trigger time is its Ready condition's lastTransitionTime (else its creation), a Service's is
 * its creation. Nothing changed since the last sync → undefined (no annotation is exported).
 */
import type { KubeObject } from '../../types';
import { keyOf } from '../framework/controller';
import { podTriggerTime } from './pod-endpoint';

interface ServiceState {
  pods: Map<string, string>;
  service?: string;
}

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** pods are those the selector matches (before any readiness filtering). Times are RFC 3339. */
  compute(svc: KubeObject, pods: KubeObject[]): string | undefined {
    const key = keyOf(svc);
    const last = this.states.get(key) ?? { pods: new Map<string, string>() };
    const next: ServiceState = { pods: new Map() };
    let min: string | undefined;
    const consider = (t: string) => {
      if (min === undefined || t < min) min = t;
    };
    for (const pod of pods) {
      const t = podTriggerTime(pod);
      if (!t) continue;
      next.pods.set(pod.metadata.name!, t);
      const before = last.pods.get(pod.metadata.name!);
      if (before === undefined || t > before) consider(t);
    }
    next.service = svc.metadata.creationTimestamp;
    if (next.service && (last.service === undefined || next.service > last.service)) consider(next.service);
    this.states.set(key, next);
    return min;
  }

  forget(key: string): void {
    this.states.delete(key);
  }
}
