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

export function loadSchemas(file = FILE): GeneratedSchemas {
  if (cached) return cached;
  if (!fs.existsSync(file)) throw new SchemasMissingError(path.relative(process.cwd(), file));
  cached = JSON.parse(fs.readFileSync(file, 'utf8')) as GeneratedSchemas;
  return cached;
}

/** "apps/v1" + "DaemonSet" -> the kind's definition name, if we have a schema for it. */
export function definitionFor(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return loadSchemas().kinds[`${group}/${version}/${kind}`];
}
