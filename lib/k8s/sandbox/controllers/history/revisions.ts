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
import { deepFreeze } from '../../store/json-value';

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

/**
 * The revision data and hash of owner's template, remembered per (uid, generation,
 * collisionCount): the generation changes with every change of the spec, so the template is
 * the same while it stays. A DaemonSet or StatefulSet is synced at every change of one of its
 * pods, and each sync copied its template and hashed its canonical JSON again. One memory per
 * client (a cluster's controller), as uids are unique only within a cluster (simulated ones
 * made from a seed repeat from one cluster to the next); bounded, the oldest entries go first.
 */
type TemplateRevision = { data: { spec: { template: unknown } }; hash: string };
const templateRevisionsByClient = new WeakMap<ClusterClient, Map<string, TemplateRevision>>();
const MAX_TEMPLATE_REVISIONS = 256;

function templateRevision(client: ClusterClient, owner: KubeObject, collisionCount: number): TemplateRevision {
  let templateRevisions = templateRevisionsByClient.get(client);
  if (!templateRevisions) templateRevisionsByClient.set(client, (templateRevisions = new Map()));
  const { uid, generation } = owner.metadata;
  const key = uid === undefined || generation === undefined ? undefined : `${uid}/${generation}/${collisionCount}`;
  const known = key === undefined ? undefined : templateRevisions.get(key);
  if (known) return known;
  const data = revisionData(owner);
  // data is only read from here on (create copies what it writes): shared by later syncs.
  const computed = { data: deepFreeze(data), hash: computeHash(data, collisionCount || undefined) };
  if (key !== undefined) {
    if (templateRevisions.size >= MAX_TEMPLATE_REVISIONS) templateRevisions.delete(templateRevisions.keys().next().value!);
    templateRevisions.set(key, computed);
  }
  return computed;
}

/** Lists the owner's revisions and makes sure one exists for its current template. */
export function syncRevisions(client: ClusterClient, owner: KubeObject, selectorLabels: Record<string, string>): RevisionSet {
  const ns = owner.metadata.namespace!;
  // The stored revisions (frozen): they are only read, and the one renumbered below is written from a copy.
  const revisions = client.peekList(GR.controllerrevisions, { namespace: ns }).filter((r) => ownedBy(owner, r)).sort((a, b) => revisionNumber(a) - revisionNumber(b));
  const collisionCount = (owner.status as { collisionCount?: number } | undefined)?.collisionCount ?? 0;
  const { data, hash } = templateRevision(client, owner, collisionCount);
  const max = revisions.reduce((m, r) => Math.max(m, revisionNumber(r)), 0);
  const existing = revisions.find((r) => r.metadata.labels?.[REVISION_HASH_LABEL] === hash);
  if (existing) {
    // Rolling back to an older template makes its revision the newest again.
    if (revisionNumber(existing) !== max) {
      const updated = client.update({ ...existing, revision: max + 1 });
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
