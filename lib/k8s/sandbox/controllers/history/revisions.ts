/**
 * ControllerRevisions for DaemonSets and StatefulSets (pkg/controller/history): each distinct
 * pod template gets one revision object `<owner>-<hash>` holding the template as a patch, a
 * monotonically increasing `revision`, the owner's selector labels and the label
 * `controller.kubernetes.io/hash`. Re-applying an older template reuses (and renumbers) its
 * revision, which is how `kubectl rollout undo` and history work.
 */
import type { KubeObject } from '../../types';
import { GR, type ClusterClient } from '../framework/client';
import { newControllerRef } from '../framework/controller-ref-manager';
import { computeHash } from './hash';

export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

export interface RevisionSet {
  /** All revisions owned by the owner, oldest (lowest revision) first. */
  revisions: KubeObject[];
  /** The revision matching the owner's current template. */
  update: KubeObject;
}

function ownedBy(owner: KubeObject, r: KubeObject): boolean {
  return Boolean(r.metadata.ownerReferences?.some((o) => o.uid === owner.metadata.uid && o.controller));
}

export function revisionNumber(r: KubeObject): number {
  return Number(r.revision ?? 0);
}

/** The `spec.template` patch stored in a revision, as upstream's getPatch does. */
export function revisionData(owner: KubeObject): { spec: { template: unknown } } {
  const template = structuredClone((owner.spec as { template: Record<string, unknown> }).template);
  (template as Record<string, unknown>).$patch = 'replace';
  return { spec: { template } };
}

/** Lists the owner's revisions and makes sure one exists for its current template. */
export function syncRevisions(client: ClusterClient, owner: KubeObject, selectorLabels: Record<string, string>): RevisionSet {
  const ns = owner.metadata.namespace!;
  const revisions = client.list(GR.controllerrevisions, { namespace: ns }).filter((r) => ownedBy(owner, r)).sort((a, b) => revisionNumber(a) - revisionNumber(b));
  const data = revisionData(owner);
  const collisionCount = (owner.status as { collisionCount?: number } | undefined)?.collisionCount ?? 0;
  const hash = computeHash(data, collisionCount || undefined);
  const max = revisions.reduce((m, r) => Math.max(m, revisionNumber(r)), 0);
  const existing = revisions.find((r) => r.metadata.labels?.[REVISION_HASH_LABEL] === hash);
  if (existing) {
    // Rolling back to an older template makes its revision the newest again.
    if (revisionNumber(existing) !== max) {
      existing.revision = max + 1;
      const updated = client.update(existing);
      return { revisions: [...revisions.filter((r) => r !== existing), updated], update: updated };
    }
    return { revisions, update: existing };
  }
  const created = client.create({
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name}-${hash}`,
      namespace: ns,
      labels: { ...selectorLabels, [REVISION_HASH_LABEL]: hash },
      ownerReferences: [newControllerRef(owner, owner)],
    },
    data,
    revision: max + 1,
  });
  return { revisions: [...revisions, created], update: created };
}

/** Deletes the oldest revisions beyond limit that no live pod still uses. */
export function truncateHistory(client: ClusterClient, set: RevisionSet, limit: number, inUse: Set<string>): void {
  const removable = set.revisions.filter((r) => r.metadata.name !== set.update.metadata.name && !inUse.has(r.metadata.name!));
  const excess = removable.length - limit;
  for (const r of removable.slice(0, Math.max(0, excess))) {
    try {
      client.delete(GR.controllerrevisions, r.metadata.namespace, r.metadata.name!);
    } catch {
      // Already gone: the next sync sees the truth.
    }
  }
}
