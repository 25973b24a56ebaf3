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
  problem: 'unknownField' | 'type' | 'required' | 'enum' | 'form';
  /** For type problems: the Go wording the API server's JSON decoder uses. */
  goMessage?: string;
}

/** 'io.k8s.api.core.v1.Container' -> 'v1.Container' (the Go package-qualified name). */
function goName(def: string): string {
  return def.split('.').slice(-2).join('.');
}

/** The Go type a schema decodes into, as the API server names it in unmarshal errors. */
function goType(schema: JsonSchema, defs: Record<string, JsonSchema>): string {
  if (schema.$ref) {
    const name = decodeURIComponent(schema.$ref.replace('#/definitions/', ''));
    const target = defs[name] ?? {};
    if (target.type === 'object' || target.properties) return goName(name);
    if (name.endsWith('.Quantity')) return 'resource.Quantity';
    if (name.endsWith('.IntOrString')) return 'intstr.IntOrString';
    return goType(target, defs);
  }
  const t = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (t === 'array') return `[]${schema.items ? goType(schema.items, defs) : 'interface {}'}`;
  if (t === 'object') return schema.additionalProperties && typeof schema.additionalProperties === 'object' ? `map[string]${goType(schema.additionalProperties, defs)}` : 'map[string]interface {}';
  if (t === 'integer') return schema.format ?? 'int32';
  if (t === 'number') return 'float64';
  return t ?? 'interface {}';
}

/** JSON type words as Go's encoding/json says them ("cannot unmarshal string into ..."). */
function jsonWord(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
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

function resolve(schema: JsonSchema, defs: Record<string, JsonSchema>, owner: string): { s: JsonSchema; owner: string } {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 20; hops++) {
    owner = decodeURIComponent(s.$ref.replace('#/definitions/', ''));
    s = defs[owner] ?? {};
  }
  return { s, owner };
}

/** `owner` is the definition (Go struct) the value sits in, for the decoder's wording. */
function check(value: unknown, schema: JsonSchema, path: (string | number)[], defs: Record<string, JsonSchema>, out: SchemaProblem[], owner: string): void {
  const parentOwner = owner;
  const { s, owner: own } = resolve(schema, defs, owner);
  const push = (problem: SchemaProblem['problem'], message: string, goMessage?: string) => out.push({ path, field: renderPath(path), message, problem, ...(goMessage ? { goMessage } : {}) });
  if (s.anyOf) {
    const fits = s.anyOf.some((alt) => {
      const trial: SchemaProblem[] = [];
      check(value, alt, path, defs, trial, own);
      return trial.length === 0;
    });
    if (!fits) push('form', `Invalid value: ${JSON.stringify(value)}: does not match any allowed form`);
    return;
  }
  if (s.type && !typeMatches(s.type, typeOf(value))) {
    // YAML null for an optional field is accepted by the API server (treated as unset).
    if (value === null) return;
    const struct = goName(parentOwner).split('.').pop();
    const goMessage = `json: cannot unmarshal ${jsonWord(value)} into Go struct field ${struct}.${renderPath(path.filter((p) => typeof p === 'string'))} of type ${goType(schema, defs)}`;
    push('type', `Invalid value: "${typeOf(value)}": expected ${Array.isArray(s.type) ? s.type.join(' or ') : s.type}`, goMessage);
    return;
  }
  if (s.enum && !s.enum.includes(value)) {
    push('enum', `Unsupported value: ${JSON.stringify(value)}: supported values: ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    return;
  }
  if (Array.isArray(value) && s.items) {
    value.forEach((item, i) => check(item, s.items!, [...path, i], defs, out, own));
    return;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const req of s.required ?? []) if (!(req in obj)) out.push({ path: [...path, req], field: renderPath([...path, req]), message: 'Required value', problem: 'required' });
    for (const [key, v] of Object.entries(obj)) {
      const prop = s.properties?.[key];
      if (prop) check(v, prop, [...path, key], defs, out, own);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(v, s.additionalProperties, [...path, key], defs, out, own);
      else if (s.additionalProperties === false) out.push({ path: [...path, key], field: renderPath([...path, key]), message: `unknown field "${renderPath([...path, key])}"`, problem: 'unknownField' });
    }
  }
}

export class UnknownKindError extends Error {
  constructor(readonly apiVersion: string, readonly kind: string) {
    super(`no schema for kind "${kind}" in version "${apiVersion}"`);
    this.name = 'UnknownKindError';
  }
}

/** Validates a whole manifest: its kind must be known and it must have metadata. */
export function validateManifest(obj: Record<string, unknown>): SchemaProblem[] {
  const apiVersion = String(obj.apiVersion ?? '');
  const kind = String(obj.kind ?? '');
  const def = definitionFor(apiVersion, kind);
  if (!def) throw new UnknownKindError(apiVersion, kind);
  const out: SchemaProblem[] = obj.metadata ? [] : [{ path: ['metadata'], field: 'metadata', message: 'Required value', problem: 'required' }];
  return [...out, ...validateAgainst(def, obj)];
}

/** Problems of `obj` against one generated definition. */
export function validateAgainst(def: string, obj: unknown): SchemaProblem[] {
  const { definitions } = loadSchemas();
  const out: SchemaProblem[] = [];
  check(obj, definitions[def], [], definitions, out, def);
  return out;
}
