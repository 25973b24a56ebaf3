/** The scale and binding subresources (eviction: eviction.ts). */
import { errors } from '../errors';
import type { ResourceDef } from '../registry';
import { formatLabelSelector } from '../registry/format';
import type { KubeObject } from '../types';
import type { StorePort } from './ports';
import { GR } from '../registry/group-resources';

export interface Scale {
  kind: 'Scale';
  apiVersion: 'autoscaling/v1';
  metadata: KubeObject['metadata'];
  spec: { replicas: number };
  status: { replicas: number; selector?: string };
}

export function scaleFromObject(_def: ResourceDef, obj: KubeObject): Scale {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (obj.status ?? {}) as { replicas?: number };
  const selector = formatLabelSelector(spec.selector);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selector === '<none>' ? '' : selector },
  };
}

export function readScale(body: unknown): number {
  const replicas = (body as { spec?: { replicas?: unknown } } | null)?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw errors.badRequest('spec.replicas: Required value');
  if (replicas < 0) {
    throw errors.invalid('Scale', 'autoscaling', '', [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${replicas}: must be greater than or equal to 0` }]);
  }
  return replicas;
}

/** core/v1 Binding: what the scheduler POSTs; sets spec.nodeName once. */
/**
 * pods/binding as the pod registry's assignPod: sets spec.nodeName and the PodScheduled=True
 * condition in one write (the scheduler's bind).
 */
export function handleBinding(store: StorePort, namespace: string, name: string, body: KubeObject, nowISO?: string): KubeObject {
  const target = (body as { target?: { kind?: string; name?: string } }).target;
  if (!target?.name) throw errors.badRequest('target.name: Required value');
  const gr = GR.pods;
  // The new version is built beside the stored pod, sharing what binding does not change.
  const pod = store.peek ? store.peek(gr, namespace, name) : store.get(gr, namespace, name);
  if (!pod) throw errors.notFound('pods', '', name);
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (spec.nodeName) throw errors.conflict('pods', '', name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
  const status = (pod.status ?? {}) as { conditions?: { type: string; status: string; lastProbeTime: null; lastTransitionTime?: string }[] };
  const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowISO ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
  const bound: KubeObject = { ...pod, metadata: { ...pod.metadata }, spec: { ...spec, nodeName: target.name }, status: { ...status, conditions } };
  return store.update(gr, bound, { adopt: true });
}
