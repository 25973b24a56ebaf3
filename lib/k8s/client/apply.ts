/**
 * Applies a learner's YAML the way `kubectl apply --server-side` does, document by document,
 * with field manager `kubelab`: check locally (syntax, schema), then server-side apply (or a
 * server-side dry run for Diff). Every result names its document, and every problem its line,
 * whether it came from the parser, the schema or the API server. The cluster is reached through
 * an ObjectApi (object-api.ts): client-node for a kubeconfig, or in process where a sandbox
 * cluster lives (the portal's lab bench: lib/lab/cluster-operations.ts).
 */
import type * as k8s from '@kubernetes/client-node';
import { checkedManifests } from '../manifests/checked';
import { parseManifests, type ManifestProblem, type ParsedDocument } from '../manifests/parse';
import { apiFailure, parseFieldPath } from './api-errors';
import { isObjectApi, type ObjectApi, type ObjectSpec } from './object-api';

export { FIELD_MANAGER } from './object-api';

export type ApplyAction = 'created' | 'configured' | 'unchanged' | 'deleted' | 'error' | 'skipped';

export interface DocumentResult {
  document: number;
  line: number;
  kind?: string;
  name?: string;
  namespace?: string;
  /** kubectl's name for the object: `job.batch/pi`. */
  resource?: string;
  action: ApplyAction;
  /** kubectl's line for it: `job.batch/pi created`. */
  summary: string;
  problems: ManifestProblem[];
  /** For dry runs: the object as it would be after the apply, and as it is now. */
  before?: k8s.KubernetesObject;
  after?: k8s.KubernetesObject;
}

export interface ApplyOptions {
  dryRun?: boolean;
  /** Namespace for documents without one (the learner's namespace on a real cluster). */
  namespace?: string;
}

type Obj = k8s.KubernetesObject & Record<string, unknown>;

function resourceLabel(obj: Obj): string {
  const group = String(obj.apiVersion ?? '').includes('/') ? String(obj.apiVersion).split('/')[0] : '';
  const kind = String(obj.kind ?? '').toLowerCase();
  return `${kind}${group ? `.${group}` : ''}/${obj.metadata?.name ?? ''}`;
}

/** Strips what differs between reads without being a change (managedFields, resourceVersion...). */
function comparable(o: k8s.KubernetesObject | undefined): string {
  if (!o) return '';
  const { metadata, ...rest } = o as Obj;
  const { managedFields: _m, resourceVersion: _r, generation: _g, ...meta } = (metadata ?? {}) as Record<string, unknown>;
  return JSON.stringify({ ...rest, metadata: meta }, (_k, v: unknown) => (v instanceof Date ? v.toISOString() : v));
}

function problemsFromApi(doc: ParsedDocument, err: unknown): ManifestProblem[] {
  const f = apiFailure(err);
  if (f.causes.length === 0) {
    return [{ document: doc.index, line: doc.line, column: 1, message: f.message, source: 'api' }];
  }
  return f.causes.map((c) => {
    const pos = c.field ? doc.lineOf(parseFieldPath(c.field)) : { line: doc.line, column: 1 };
    // kubectl prints the whole Status message; the cause carries the field-specific part.
    const message = c.field && !c.message.startsWith(c.field) ? `${c.field}: ${c.message}` : c.message;
    return { document: doc.index, ...pos, field: c.field, message: f.causes.length === 1 && f.message.length > message.length ? f.message : message, source: 'api' as const };
  });
}

/** The cluster as an ObjectApi; client-node is loaded only for a kubeconfig (a sandbox worker never needs it). */
async function objectApiOf(target: k8s.KubeConfig | ObjectApi): Promise<ObjectApi> {
  return isObjectApi(target) ? target : (await import('./client-node-object-api')).clientNodeObjectApi(target);
}

type ReadOutcome = { before?: k8s.KubernetesObject; failure?: unknown };

/** The object a document names, as one key (two documents of one apply may name the same object). */
function objectKey(o: Obj): string {
  return [o.apiVersion, o.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''].join('\0');
}

export async function applyManifests(cluster: k8s.KubeConfig | ObjectApi, text: string, opts: ApplyOptions = {}): Promise<DocumentResult[]> {
  const client = await objectApiOf(cluster);
  const results: DocumentResult[] = [];
  // Parsed and checked once per text, however many learners send it (manifests/checked.ts).
  const docs = checkedManifests(text).map(({ doc, problems }) => {
    const obj = doc.object as Obj | undefined;
    if (!obj || problems.length) return { doc, problems, obj };
    const spec = structuredClone(obj) as Obj & { metadata: k8s.V1ObjectMeta };
    spec.metadata ??= {};
    if (opts.namespace && !spec.metadata.namespace && isNamespaced(spec)) spec.metadata.namespace = opts.namespace;
    return { doc, problems, obj, spec };
  });
  // Every document's current object is read at once, before the first apply: the reads are
  // independent, and one after another they were half the round trips of an apply (each waits
  // its turn on a cluster's busy thread when a class applies together). The applies stay in order.
  const reads = new Map<typeof docs[number], Promise<ReadOutcome>>();
  for (const d of docs) {
    if (!d.spec) continue;
    const spec = d.spec;
    const read = client.read(spec as ObjectSpec);
    reads.set(d, read.then((before): ReadOutcome => ({ before }), (failure: unknown): ReadOutcome => ({ failure })));
  }
  /** What this apply's earlier documents left of an object: what a later document of it starts from. */
  const appliedHere = new Map<string, k8s.KubernetesObject>();
  for (const d of docs) {
    const { doc, obj, spec } = d;
    const problems = [...d.problems];
    const base = { document: doc.index, line: doc.line, kind: obj?.kind, name: obj?.metadata?.name, namespace: obj?.metadata?.namespace };
    if (!obj || !spec || problems.length) {
      const what = obj?.kind && obj.metadata?.name ? resourceLabel(obj) : `document ${doc.index}`;
      results.push({ ...base, action: 'error', summary: `${what}: not applied (${problems.length === 1 ? '1 problem' : `${problems.length} problems`})`, problems });
      continue;
    }
    const key = objectKey(spec);
    const read = await reads.get(d)!;
    let before = appliedHere.get(key) ?? read.before;
    if (!appliedHere.has(key) && read.failure !== undefined) {
      const f = apiFailure(read.failure);
      if (f.code !== 404) {
        results.push({ ...base, action: 'error', summary: `${resourceLabel(spec)}: ${f.message}`, problems: problemsFromApi(doc, read.failure) });
        continue;
      }
      before = undefined;
    }
    try {
      const after = await client.apply(spec as ObjectSpec, opts.dryRun === true);
      if (!opts.dryRun) appliedHere.set(key, after);
      const action: ApplyAction = !before ? 'created' : comparable(before) === comparable(after) ? 'unchanged' : 'configured';
      const suffix = opts.dryRun ? ' (server dry run)' : '';
      results.push({ ...base, namespace: spec.metadata.namespace, resource: resourceLabel(spec), action, summary: `${resourceLabel(spec)} ${action === 'configured' ? 'serverside-applied' : action}${suffix}`, problems: [], ...(opts.dryRun ? { before, after } : {}) });
    } catch (e) {
      const f = apiFailure(e);
      results.push({ ...base, action: 'error', summary: `${resourceLabel(spec)}: ${f.message}`, problems: problemsFromApi(doc, e) });
    }
  }
  return results;
}

/**
 * Cluster-scoped kinds (everything else gets the default namespace). This client also talks to
 * real clusters, so it does not import the sandbox's registry; a test there
 * (lib/k8s/sandbox/registry/agreement.test.ts) keeps the two in agreement.
 */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set(['Namespace', 'Node', 'PersistentVolume', 'PriorityClass', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding']);

function isNamespaced(o: Obj): boolean {
  return !CLUSTER_SCOPED.has(String(o.kind));
}

/**
 * Deletes the documents of a manifest (the bench's "Delete") in the background, as `kubectl delete`
 * does: the object goes at once and the garbage collector then deletes what it owns (a Job's pods).
 */
export async function deleteManifests(cluster: k8s.KubeConfig | ObjectApi, text: string, opts: ApplyOptions = {}): Promise<DocumentResult[]> {
  const client = await objectApiOf(cluster);
  const results: DocumentResult[] = [];
  for (const doc of parseManifests(text)) {
    const obj = doc.object as Obj | undefined;
    // A document that cannot be read is reported, never skipped in silence: the learner must
    // know that what they asked to delete was not deleted.
    if (!obj || doc.problems.length || !obj.kind || !obj.metadata?.name) {
      const problems = doc.problems.length ? doc.problems : [{ document: doc.index, line: doc.line, column: 1, message: 'a document needs kind and metadata.name to be deleted', source: 'schema' as const }];
      results.push({ document: doc.index, line: doc.line, kind: obj?.kind, name: obj?.metadata?.name, action: 'error', summary: `document ${doc.index}: not deleted (${problems.length === 1 ? '1 problem' : `${problems.length} problems`})`, problems });
      continue;
    }
    const spec = structuredClone(obj);
    if (opts.namespace && !spec.metadata!.namespace && isNamespaced(spec)) spec.metadata!.namespace = opts.namespace;
    const base = { document: doc.index, line: doc.line, kind: spec.kind, name: spec.metadata!.name, namespace: spec.metadata!.namespace };
    try {
      await client.delete(spec as ObjectSpec);
      results.push({ ...base, action: 'deleted', summary: `${resourceLabel(spec)} deleted`, problems: [] });
    } catch (e) {
      const f = apiFailure(e);
      results.push({ ...base, action: f.code === 404 ? 'skipped' : 'error', summary: `${resourceLabel(spec)}: ${f.message}`, problems: f.code === 404 ? [] : problemsFromApi(doc, e) });
    }
  }
  return results;
}
