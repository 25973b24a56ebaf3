/** Watch parameters of the sandbox's own, beside upstream's (shared with the portal's clients through pure.ts). */

/**
 * A sandbox-only watch parameter (`kubelab.omitManagedFields=true`): objects are sent without
 * metadata.managedFields. The lab bench's stream drops them from every event anyway; asking
 * for them left the watch to compute each version's deferred managedFields (a field diff per
 * write) and to serialise fields that often outweigh the object, for every pod a class
 * started. Real API servers ignore unknown parameters, so a client may send it to any server;
 * kubectl never does, and its watches are unchanged.
 */
export const OMIT_MANAGED_FIELDS_PARAM = 'kubelab.omitManagedFields';

/**
 * Where a watch served in process hands its events as values instead of JSON lines: a response
 * carrying a function under this symbol (lib/k8s/client/in-process.ts sets it for a caller that
 * asks) gets each event's `{type, object}`, exactly what would have been serialised, and no
 * bytes. The bench's stream, made where the cluster runs, then serialises each event once (as
 * server-sent text) instead of three times (the watch's line, parsed back, then the event).
 * Symbol.for: the same symbol for every copy of this module.
 */
export const WATCH_VALUES = Symbol.for('kubelab.watchValues');

/** What a response carries under WATCH_VALUES; the object is frozen or a fresh copy, never to be changed. */
export type WatchValueSink = (type: string, object: unknown) => void;

/**
 * The same for a list without managedFields (OMIT_MANAGED_FIELDS_PARAM) served in process: a
 * response carrying a function under this symbol gets the list's resourceVersion and items, and
 * an empty list as its body. A bench opening its stream lists eleven collections; each was
 * serialised whole, parsed back and serialised again as the SNAPSHOT, and a class coming back
 * opens a hundred benches at once.
 */
export const LIST_VALUES = Symbol.for('kubelab.listValues');

/** What a response carries under LIST_VALUES; the items are frozen or fresh copies, never to be changed. */
export type ListValueSink = (list: { resourceVersion: string; items: readonly unknown[] }) => void;
