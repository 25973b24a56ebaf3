/**
 * Validates a decoded manifest against the generated Kubernetes schema: types, enums,
 * required fields and unknown fields, reporting paths in the API server's form
 * (`spec.template.spec.containers[0].image`). Small on purpose: the subset of JSON Schema the
 * generator emits ($ref, type, enum, properties, additionalProperties, required, items, anyOf).
 */
import { definitionFor, loadSchemas, type JsonSchema } from './load';

export interface SchemaProblem {
  path: (string | number)[];
  field: string; // rendered path
  message: string;
}

export function renderPath(path: (string | number)[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(expected: string | string[], actual: string): boolean {
  const list = Array.isArray(expected) ? expected : [expected];
  return list.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

function resolve(schema: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 20; hops++) s = defs[decodeURIComponent(s.$ref.replace('#/definitions/', ''))] ?? {};
  return s;
}

function check(value: unknown, schema: JsonSchema, path: (string | number)[], defs: Record<string, JsonSchema>, out: SchemaProblem[]): void {
  const s = resolve(schema, defs);
  const push = (message: string) => out.push({ path, field: renderPath(path), message });
  if (s.anyOf) {
    const fits = s.anyOf.some((alt) => {
      const trial: SchemaProblem[] = [];
      check(value, alt, path, defs, trial);
      return trial.length === 0;
    });
    if (!fits) push(`Invalid value: ${JSON.stringify(value)}: does not match any allowed form`);
    return;
  }
  if (s.type && !typeMatches(s.type, typeOf(value))) {
    // YAML null for an optional field is accepted by the API server (treated as unset).
    if (value !== null) push(`Invalid value: "${typeOf(value)}": expected ${Array.isArray(s.type) ? s.type.join(' or ') : s.type}`);
    return;
  }
  if (s.enum && !s.enum.includes(value)) {
    push(`Unsupported value: ${JSON.stringify(value)}: supported values: ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    return;
  }
  if (Array.isArray(value) && s.items) {
    value.forEach((item, i) => check(item, s.items!, [...path, i], defs, out));
    return;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const req of s.required ?? []) if (!(req in obj)) out.push({ path: [...path, req], field: renderPath([...path, req]), message: 'Required value' });
    for (const [key, v] of Object.entries(obj)) {
      const prop = s.properties?.[key];
      if (prop) check(v, prop, [...path, key], defs, out);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(v, s.additionalProperties, [...path, key], defs, out);
      else if (s.additionalProperties === false) out.push({ path: [...path, key], field: renderPath([...path, key]), message: `unknown field "${renderPath([...path, key])}"` });
    }
  }
}

export class UnknownKindError extends Error {
  constructor(readonly apiVersion: string, readonly kind: string) {
    super(`no schema for kind "${kind}" in version "${apiVersion}"`);
    this.name = 'UnknownKindError';
  }
}

export function validateManifest(obj: Record<string, unknown>): SchemaProblem[] {
  const apiVersion = String(obj.apiVersion ?? '');
  const kind = String(obj.kind ?? '');
  const def = definitionFor(apiVersion, kind);
  if (!def) throw new UnknownKindError(apiVersion, kind);
  const { definitions } = loadSchemas();
  const out: SchemaProblem[] = [];
  if (!obj.metadata) out.push({ path: ['metadata'], field: 'metadata', message: 'Required value' });
  check(obj, definitions[def], [], definitions, out);
  return out;
}
