/** Services ↔ pods by selector, for both endpoint controllers. */
import type { KubeObject } from '../../types';
import type { ClusterClient } from '../framework/client';
import { GR } from '../framework/client';
import { keyOf } from '../framework/controller';
import { serviceSpec } from './pod-endpoint';

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** The pods in the Service's namespace its selector matches, by name. */
export function podsForService(client: ClusterClient, svc: KubeObject): KubeObject[] {
  const selector = serviceSpec(svc).selector;
  if (!selector) return [];
  // Read only: the stored pods themselves (peekList), not copies.
  return client
    .peekList(GR.pods, { namespace: svc.metadata.namespace })
    .filter((p) => matches(selector, p.metadata.labels))
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
}

/**
 * Every selector Service of the pod's namespace. A label change can take a pod out of a
 * Service's selection, and the event carries only the new labels, so all are resynced; the
 * syncs are cheap and leave unchanged objects alone.
 */
export function serviceKeysForPod(client: ClusterClient, pod: KubeObject): string[] {
  return client
    .peekList(GR.services, { namespace: pod.metadata.namespace })
    .filter((s) => serviceSpec(s).selector)
    .map(keyOf);
}
