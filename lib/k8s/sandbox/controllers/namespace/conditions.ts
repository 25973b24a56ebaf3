/**
 * The namespace deletion conditions (pkg/controller/namespace/deletion/status_condition_utils.go):
 * the controller owns five condition types and writes each on every pass, True with a
 * failure reason when something is wrong, otherwise False with the "ok" reason and message.
 * lastTransitionTime moves only when the status flips.
 */

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export const NAMESPACE_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const OK: Record<(typeof NAMESPACE_CONDITION_TYPES)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

export interface DeletionPass {
  /** Remaining objects per group/resource, keyed `resource.group` (`pods.` for core). */
  remaining: Map<string, number>;
  /** Remaining objects per finalizer they carry. */
  finalizers: Map<string, number>;
  /** Messages of failed deletes. */
  deleteErrors: string[];
}

/** The failure conditions one pass produced (ProcessContentTotals, makeDeleteContentCondition). */
export function failureConditions(pass: DeletionPass, nowISO: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  const listed = (m: Map<string, number>, fmt: (k: string, n: number) => string) => [...m].filter(([, n]) => n > 0).map(([k, n]) => fmt(k, n)).sort();
  const resources = listed(pass.remaining, (k, n) => `${k} has ${n} resource instances`);
  if (resources.length) {
    out.push({ type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: nowISO, reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${resources.join(', ')}` });
  }
  const finalizers = listed(pass.finalizers, (k, n) => `${k} in ${n} resource instances`);
  if (finalizers.length) {
    out.push({ type: 'NamespaceFinalizersRemaining', status: 'True', lastTransitionTime: nowISO, reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}` });
  }
  if (pass.deleteErrors.length) {
    const msgs = [...pass.deleteErrors].sort();
    out.push({ type: 'NamespaceDeletionContentFailure', status: 'True', lastTransitionTime: nowISO, reason: 'ContentDeletionFailed', message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}` });
  }
  return out;
}

/** updateConditions: every owned type present, changed ones rewritten; undefined when nothing changed. */
export function mergeConditions(existing: readonly NamespaceCondition[], failures: readonly NamespaceCondition[], nowISO: string): NamespaceCondition[] | undefined {
  const next = existing.map((c) => ({ ...c }));
  let changed = false;
  for (const type of NAMESPACE_CONDITION_TYPES) {
    const want = failures.find((c) => c.type === type) ?? { type, status: 'False' as const, lastTransitionTime: nowISO, ...OK[type] };
    const old = next.find((c) => c.type === type);
    if (!old) {
      next.push(want);
      changed = true;
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      if (old.status !== want.status) old.lastTransitionTime = nowISO;
      old.status = want.status;
      old.reason = want.reason;
      old.message = want.message;
      changed = true;
    }
  }
  return changed ? next : undefined;
}
