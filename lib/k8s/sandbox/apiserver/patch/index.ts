/** The sandbox's patch engine: the functions the API server applies PATCH bodies with. */
export type { Gvk } from './gvk';
export { applyJsonPatch } from './json-patch';
export { applyMergePatch } from './merge-patch';
export { applyStrategicMergePatch } from './strategic-merge';
export { serverSideApply } from './server-side-apply';
export { trackUpdate } from './track-update';
