/** Applies a PATCH body to a live object by content type, through the patch/ functions. */
import { errors } from '../errors';
import type { KubeObject } from '../types';
import type { Gvk, PatchPort } from './ports';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string | undefined): PatchType {
  const t = (contentType ?? '').split(';')[0].trim().toLowerCase();
  switch (t) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      throw errors.unsupportedMediaType(contentType ?? '');
  }
}

export function applyPatch(patch: PatchPort, type: Exclude<PatchType, 'apply'>, live: KubeObject, body: unknown, gvk: Gvk): KubeObject {
  let out: unknown;
  if (type === 'json') out = patch.applyJsonPatch(live, body);
  else if (type === 'merge') out = patch.applyMergePatch(live, body);
  else out = patch.applyStrategicMergePatch(live, body, gvk);
  if (!out || typeof out !== 'object' || Array.isArray(out)) throw errors.badRequest('the patch produced something that is not an object');
  return out as KubeObject;
}
