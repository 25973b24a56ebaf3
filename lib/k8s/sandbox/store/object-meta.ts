/**
 * The metadata a stored version carries, built in one go. The store used to set its fields
 * (uid, resourceVersion, generation, creationTimestamp...) one by one on whatever object came
 * in, mostly made by spreading: such objects tend to have hidden classes of their own in V8,
 * and each field added made yet another. Fields added to a new object in one fixed order
 * follow hidden-class transitions V8 has already made for earlier writes, so they cost a plain
 * store. The order is ObjectMeta's in the API's Go struct, the order a real API server writes.
 */
import type { ObjectMeta } from '../types';

/** The fields the server owns; undefined leaves one out. */
export interface ServerMetaFields {
  namespace: string | undefined;
  uid: string | undefined;
  resourceVersion: string | undefined;
  generation: number | undefined;
  creationTimestamp: string | undefined;
  deletionTimestamp: string | undefined;
  deletionGracePeriodSeconds: number | undefined;
}

/** ObjectMeta's fields, in Go struct order; anything else a client sent goes after them. */
const KNOWN = new Set(['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields']);

/** A new metadata object: meta's client fields and the server's own, in Go struct order. */
export function storedMeta(meta: ObjectMeta, server: ServerMetaFields): ObjectMeta {
  const out: ObjectMeta = {};
  if (meta.name !== undefined) out.name = meta.name;
  if (meta.generateName !== undefined) out.generateName = meta.generateName;
  if (server.namespace !== undefined) out.namespace = server.namespace;
  if (server.uid !== undefined) out.uid = server.uid;
  if (server.resourceVersion !== undefined) out.resourceVersion = server.resourceVersion;
  if (server.generation !== undefined) out.generation = server.generation;
  if (server.creationTimestamp !== undefined) out.creationTimestamp = server.creationTimestamp;
  if (server.deletionTimestamp !== undefined) out.deletionTimestamp = server.deletionTimestamp;
  if (server.deletionGracePeriodSeconds !== undefined) out.deletionGracePeriodSeconds = server.deletionGracePeriodSeconds;
  if (meta.labels !== undefined) out.labels = meta.labels;
  if (meta.annotations !== undefined) out.annotations = meta.annotations;
  if (meta.ownerReferences !== undefined) out.ownerReferences = meta.ownerReferences;
  if (meta.finalizers !== undefined) out.finalizers = meta.finalizers;
  if (meta.managedFields !== undefined) out.managedFields = meta.managedFields;
  const m = meta as Record<string, unknown>;
  for (const k in m) if (!KNOWN.has(k) && m[k] !== undefined) (out as Record<string, unknown>)[k] = m[k];
  return out;
}
