/** RFC 6902 JSON Patch with RFC 6901 pointers, worded like evanphx/json-patch in the API server. */
import { StatusError } from '../../errors';
import { clone, isObject, jsonEqual, type JsonObject } from './json-value';
import { malformedPatch, patchNotApplicable } from './status-errors';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
  hasValue: boolean;
}

/** patch.go's maxJSONPatchOperations: longer patches are 413 before anything is applied. */
const MAX_OPERATIONS = 10000;

function decodeOperations(ops: unknown): Operation[] {
  if (!Array.isArray(ops)) throw malformedPatch('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  if (ops.length > MAX_OPERATIONS) throw new StatusError(413, 'RequestEntityTooLarge', `The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`);
  return ops.map((raw) => {
    if (!isObject(raw)) throw malformedPatch('json: cannot unmarshal into Go value of type jsonpatch.Operation');
    const op = typeof raw.op === 'string' ? raw.op : '';
    const path = typeof raw.path === 'string' ? raw.path : undefined;
    if (path === undefined) throw patchNotApplicable(`${op || 'operation'} operation missing path`);
    return { op, path, from: typeof raw.from === 'string' ? raw.from : undefined, value: raw.value, hasValue: 'value' in raw };
  });
}

function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw patchNotApplicable(`invalid JSON pointer: "${pointer}"`);
  return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function missing(path: string): Error {
  return patchNotApplicable(`doc is missing path: "${path}": missing value`);
}

function arrayIndex(arr: unknown[], token: string, path: string, allowEnd: boolean): number {
  if (allowEnd && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw patchNotApplicable(`Unable to access invalid index: ${token}: invalid index referenced`);
  const i = Number(token);
  if (i > arr.length || (!allowEnd && i === arr.length)) throw patchNotApplicable(`Unable to access invalid index: ${i}: invalid index referenced`);
  return i;
}

/** The container that holds the pointer's last token. */
function parentOf(root: { doc: unknown }, path: string): { container: JsonObject | unknown[]; key: string } {
  const tokens = splitPointer(path);
  let cur: unknown = root;
  const walk = ['doc', ...tokens];
  for (const t of walk.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, path, false)];
    else if (isObject(cur) && t in cur) cur = cur[t];
    else throw missing(path);
  }
  if (!Array.isArray(cur) && !isObject(cur)) throw missing(path);
  return { container: cur, key: walk[walk.length - 1] };
}

function getAt(root: { doc: unknown }, path: string): unknown {
  const { container, key } = parentOf(root, path);
  if (Array.isArray(container)) return container[arrayIndex(container, key, path, false)];
  if (!(key in container)) throw missing(path);
  return container[key];
}

function addAt(root: { doc: unknown }, path: string, value: unknown): void {
  const { container, key } = parentOf(root, path);
  if (Array.isArray(container)) container.splice(arrayIndex(container, key, path, true), 0, value);
  else container[key] = value;
}

function removeAt(root: { doc: unknown }, path: string): unknown {
  const { container, key } = parentOf(root, path);
  if (Array.isArray(container)) return container.splice(arrayIndex(container, key, path, false), 1)[0];
  if (!(key in container)) throw patchNotApplicable(`Unable to remove nonexistent key: ${key}: missing value`);
  const old = container[key];
  delete container[key];
  return old;
}

export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  const operations = decodeOperations(ops);
  const root = { doc: clone(doc) };
  for (const o of operations) {
    const needValue = (): unknown => {
      if (!o.hasValue) throw patchNotApplicable(`${o.op} operation does not apply: doc is missing value`);
      return clone(o.value);
    };
    switch (o.op) {
      case 'add':
        addAt(root, o.path, needValue());
        break;
      case 'remove':
        removeAt(root, o.path);
        break;
      case 'replace': {
        const value = needValue();
        getAt(root, o.path); // replace requires the target to exist
        const { container, key } = parentOf(root, o.path);
        if (Array.isArray(container)) container[arrayIndex(container, key, o.path, false)] = value;
        else container[key] = value;
        break;
      }
      case 'move': {
        if (o.from === undefined) throw patchNotApplicable('move operation missing from');
        addAt(root, o.path, removeAt(root, o.from));
        break;
      }
      case 'copy': {
        if (o.from === undefined) throw patchNotApplicable('copy operation missing from');
        addAt(root, o.path, clone(getAt(root, o.from)));
        break;
      }
      case 'test': {
        let actual: unknown;
        try {
          actual = getAt(root, o.path);
        } catch {
          actual = undefined;
        }
        if (!jsonEqual(actual, o.value ?? null)) throw patchNotApplicable(`testing value ${o.path} failed: test failed`);
        break;
      }
      default:
        throw patchNotApplicable(`Unexpected kind: ${o.op}`);
    }
  }
  return root.doc;
}
