/**
 * A StatefulSet pod's stable identity (pkg/controller/statefulset/stateful_set_utils.go):
 * its name `<set>-<ordinal>`, hostname and subdomain, the pod-name / pod-index / revision
 * labels, and one PersistentVolumeClaim per volumeClaimTemplate named
 * `<template>-<set>-<ordinal>`. Pure functions, so they are tested as tables.
 */
import type { KubeObject } from '../../types';
import { newControllerRef, type ControllerKind } from '../framework/controller-ref-manager';
import { replicasOf, setSpec, type ClaimTemplate, type PodTemplate, type PodVolume } from './set-types';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** apps.StatefulSetRevisionLabel: the pod's ControllerRevision name. */
export const REVISION_LABEL = 'controller-revision-hash';

/** statefulPodRegex `(.*)-([0-9]+)$`: a name without a numeric tail has ordinal -1. */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = /^(.*)-([0-9]+)$/.exec(podName);
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  // ParseInt(…, 10, 32) fails on overflow; such a pod is ignored like an unparsable one.
  return { parent: m[1], ordinal: ordinal <= 2 ** 31 - 1 ? ordinal : -1 };
}

export function ordinalOf(pod: KubeObject): number {
  return parentAndOrdinal(pod.metadata.name ?? '').ordinal;
}

export function podName(set: KubeObject, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

export function claimName(template: ClaimTemplate, set: KubeObject, ordinal: number): string {
  return `${template.metadata?.name}-${set.metadata.name}-${ordinal}`;
}

export function startOrdinal(set: KubeObject): number {
  return setSpec(set).ordinals?.start ?? 0;
}

/** The last ordinal the set keeps (inclusive). */
export function endOrdinal(set: KubeObject): number {
  return startOrdinal(set) + replicasOf(set) - 1;
}

export function inOrdinalRange(pod: KubeObject, set: KubeObject): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

export function isMemberOf(set: KubeObject, pod: KubeObject): boolean {
  return parentAndOrdinal(pod.metadata.name ?? '').parent === set.metadata.name;
}

/** identityMatches: name, namespace and the pod-name label agree with the set. */
export function identityMatches(set: KubeObject, pod: KubeObject): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod.metadata.name ?? '');
  return ordinal >= 0 && parent === set.metadata.name && pod.metadata.namespace === set.metadata.namespace
    && pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name;
}

function podVolumes(pod: KubeObject): PodVolume[] {
  return ((pod.spec as { volumes?: PodVolume[] } | undefined)?.volumes ?? []);
}

/** storageMatches: every claim template has a same-named volume pointing at this ordinal's claim. */
export function storageMatches(set: KubeObject, pod: KubeObject): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map(podVolumes(pod).map((v) => [v.name, v]));
  return (setSpec(set).volumeClaimTemplates ?? []).every((t) =>
    volumes.get(t.metadata?.name ?? '')?.persistentVolumeClaim?.claimName === claimName(t, set, ordinal));
}

/**
 * getPersistentVolumeClaims: the claims this ordinal needs. Labels are the template's labels
 * with the set's selector.matchLabels laid over them.
 */
export function claimsFor(set: KubeObject, ordinal: number): { template: string; claim: KubeObject }[] {
  const matchLabels = setSpec(set).selector?.matchLabels ?? {};
  return (setSpec(set).volumeClaimTemplates ?? []).map((t) => {
    const claim = structuredClone(t) as ClaimTemplate & { apiVersion?: string; kind?: string; status?: unknown };
    const meta = claim.metadata ?? {};
    const labels = { ...(meta.labels ?? {}), ...matchLabels };
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        ...meta,
        name: claimName(t, set, ordinal),
        namespace: set.metadata.namespace,
        ...(Object.keys(labels).length ? { labels } : {}),
      },
      spec: claim.spec ?? {},
    };
    return { template: t.metadata?.name ?? '', claim: obj };
  });
}

/** updateStorage: claim volumes first (template order), then the pod's other volumes. */
export function withClaimVolumes(set: KubeObject, ordinal: number, volumes: PodVolume[]): PodVolume[] {
  const claims = claimsFor(set, ordinal);
  const names = new Set(claims.map((c) => c.template));
  return [
    ...claims.map((c) => ({ name: c.template, persistentVolumeClaim: { claimName: c.claim.metadata.name! } })),
    ...volumes.filter((v) => !names.has(v.name)),
  ];
}

/** controllerKind (stateful_set.go): what a set's pods and claims name as their controller. */
export const STATEFULSET_KIND: ControllerKind = { apiVersion: 'apps/v1', kind: 'StatefulSet' };

/**
 * newVersionedStatefulSetPod for one revision: the pod built from `template` (the set's
 * template at that revision), with its identity, storage and revision label. The
 * generateName `<set>-` is what GetPodFromTemplate leaves on every controller pod.
 */
export function newStatefulSetPod(set: KubeObject, template: PodTemplate, revisionName: string, ordinal: number): KubeObject {
  const name = podName(set, ordinal);
  const spec = structuredClone(template.spec ?? {}) as Record<string, unknown> & { volumes?: PodVolume[] };
  spec.hostname = name;
  const serviceName = setSpec(set).serviceName;
  if (serviceName) spec.subdomain = serviceName;
  const volumes = withClaimVolumes(set, ordinal, spec.volumes ?? []);
  if (volumes.length) spec.volumes = volumes;
  const tm = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${set.metadata.name}-`,
      namespace: set.metadata.namespace,
      labels: { ...(tm.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revisionName },
      ...(tm.annotations ? { annotations: { ...tm.annotations } } : {}),
      ...(tm.finalizers ? { finalizers: [...tm.finalizers] } : {}),
      ownerReferences: [newControllerRef(set, STATEFULSET_KIND)],
    },
    spec,
  };
}

export function podRevision(pod: KubeObject): string {
  return pod.metadata.labels?.[REVISION_LABEL] ?? '';
}
