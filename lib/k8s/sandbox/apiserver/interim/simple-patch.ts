/**
 * A PatchPort for the API server's integration tests before patch/ lands: RFC 7386 merge
 * patch, RFC 6902 add/replace/remove/test, strategic merge treated as a merge that merges
 * `containers` lists by name, and apply as a merge with no conflict detection.
 */
import { errors } from '../../errors';
import type { PatchPort } from '../ports';
import type { KubeObject } from '../../types';

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function mergePatch(doc: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObj(doc) ? structuredClone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function strategic(doc: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObj(doc) ? structuredClone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else if (Array.isArray(v) && Array.isArray(out[k]) && v.every((x) => isObj(x) && typeof x.name === 'string')) {
      const merged = [...(out[k] as Record<string, unknown>[])];
      for (const item of v as Record<string, unknown>[]) {
        const i = merged.findIndex((m) => isObj(m) && m.name === item.name);
        if (i >= 0) merged[i] = strategic(merged[i], item) as Record<string, unknown>;
        else merged.push(item);
      }
      out[k] = merged;
    } else out[k] = strategic(out[k], v);
  }
  return out;
}

function pointer(path: string): string[] {
  return path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw errors.badRequest('json patch must be an array of operations');
  const root = { v: structuredClone(doc) } as Record<string, unknown>;
  for (const op of ops as { op: string; path: string; value?: unknown }[]) {
    const parts = ['v', ...pointer(op.path)];
    let parent: Record<string, unknown> | unknown[] = root;
    for (const p of parts.slice(0, -1)) {
      const next = (parent as Record<string, unknown>)[p];
      if (next === null || typeof next !== 'object') throw errors.invalid('', '', '', [{ reason: 'FieldValueInvalid', message: `doc is missing path: "${op.path}": missing value` }]);
      parent = next as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    if (op.op === 'test') {
      if (JSON.stringify((parent as Record<string, unknown>)[last]) !== JSON.stringify(op.value)) throw errors.invalid('', '', '', [{ reason: 'FieldValueInvalid', message: 'testing value failed' }]);
    } else if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (op.op === 'add' && Array.isArray(parent)) {
      parent.splice(last === '-' ? parent.length : Number(last), 0, op.value);
    } else if (op.op === 'add' || op.op === 'replace') {
      (parent as Record<string, unknown>)[last] = op.value;
    } else throw errors.badRequest(`Unexpected kind: ${op.op}`);
  }
  return root.v;
}

export const simplePatch: PatchPort = {
  applyJsonPatch: jsonPatch,
  applyMergePatch: mergePatch,
  applyStrategicMergePatch: (doc, patch) => strategic(doc, patch),
  serverSideApply: ({ live, applied }) => mergePatch(live ?? {}, applied) as KubeObject,
};
