/**
 * Reads the generated schemas (lib/k8s/schemas/generated, made by `npm run gen:schemas`)
 * once per process, with fs rather than import so no bundle carries 350 KiB of JSON.
 */
import fs from 'node:fs';
import path from 'node:path';

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  $ref?: string;
  description?: string;
  const?: unknown;
  format?: string;
};

export interface GeneratedSchemas {
  kinds: Record<string, string>; // "apps/v1/DaemonSet" -> definition name
  definitions: Record<string, JsonSchema>;
}

export class SchemasMissingError extends Error {
  constructor(readonly file: string) {
    super(`Kubernetes schemas are not generated (${file} is missing): run npm run gen:schemas`);
    this.name = 'SchemasMissingError';
  }
}

const FILE = path.join(process.cwd(), 'lib', 'k8s', 'schemas', 'generated', 'k8s-schemas.json');
let cached: GeneratedSchemas | undefined;

/** `fresh` reads `file` without touching the per-process cache (tests). */
export function loadSchemas(file = FILE, opts: { fresh?: boolean } = {}): GeneratedSchemas {
  if (cached && !opts.fresh) return cached;
  if (!fs.existsSync(file)) throw new SchemasMissingError(path.relative(process.cwd(), file));
  const loaded = JSON.parse(fs.readFileSync(file, 'utf8')) as GeneratedSchemas;
  if (!opts.fresh) cached = loaded;
  return loaded;
}

/** "apps/v1" + "DaemonSet" -> the kind's definition name, if we have a schema for it. */
export function definitionFor(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return loadSchemas().kinds[`${group}/${version}/${kind}`];
}
