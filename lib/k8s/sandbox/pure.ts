/**
 * The sandbox's front door for code that also runs in the browser (components/): the object
 * types and the pure helpers the bench shows objects with. Nothing behind it imports node:
 * modules or holds a cluster. Server code imports the sandbox through index.ts, which
 * re-exports this too.
 */
export type { GroupResource, KubeObject, ObjectMeta, OwnerReference, WatchEvent } from './types';
export { printPod } from './registry/kinds/pod-printer';
export { humanDuration } from './registry/format';
export { parseSchedule } from './controllers/cronjob/schedule';
export { LIST_VALUES, OMIT_MANAGED_FIELDS_PARAM, WATCH_VALUES, type ListValueSink, type WatchValueSink } from './apiserver/watch-params';
