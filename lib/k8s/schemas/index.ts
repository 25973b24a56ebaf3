/**
 * The schemas part of the sandbox (SchemasPort in lib/k8s/sandbox/apiserver/ports.ts) and the
 * JSON schemas for the editor and the content tests. Everything reads the generated file
 * (npm run gen:schemas) lazily, once; SchemasMissingError says how to make it.
 */
import { KINDS } from './kinds';
import * as openApi from './openapi';
import { loadSchemas, SchemasMissingError } from './load';
import { validateAgainst } from './validate';
import type { SchemasPort } from '@/lib/k8s/sandbox';

export { openApiV2, openApiV3Document, openApiV3Index } from './openapi';
export { SchemasMissingError };

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** The generated definition name of a kind (or its List), if we serve it. */
export function definitionOf(gvk: Gvk): string | undefined {
  return loadSchemas().kinds[`${gvk.group}/${gvk.version}/${gvk.kind}`];
}

/**
 * A standalone draft-07 schema for one kind (monaco-yaml, content checks): the kind's own
 * schema with apiVersion, kind and metadata required, and every definition it reaches.
 */
export function jsonSchemaFor(gvk: Gvk): object | undefined {
  const def = definitionOf(gvk);
  if (!def) return undefined;
  const { definitions } = loadSchemas();
  const reached: Record<string, unknown> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const name = ref.replace('#/definitions/', '');
      if (!(name in reached) && definitions[name]) {
        reached[name] = definitions[name];
        visit(definitions[name]);
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(definitions[def]);
  const top = definitions[def];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `kubelab:${def}`,
    ...top,
    required: [...new Set([...(top.required ?? []), 'apiVersion', 'kind', 'metadata'])],
    definitions: reached,
  };
}

/**
 * Field problems for fieldValidation (Strict/Warn): unknown fields as the API server's strict
 * decoder names them (`spec.template.spec.containers[0].imagePullPolicyy`, no leading dot) and
 * type errors in encoding/json's words (`json: cannot unmarshal string into Go struct field
 * PodSpec.spec.template.spec.containers of type []v1.Container`), keyed by path.
 * Required fields and enums are admission's business, not the decoder's, so they are not here.
 */
export function validateFields(gvk: Gvk, obj: unknown): { unknownFields: string[]; typeErrors: { path: string; message: string }[] } {
  const def = definitionOf(gvk);
  if (!def) return { unknownFields: [], typeErrors: [] };
  const problems = validateAgainst(def, obj);
  return {
    unknownFields: problems.filter((p) => p.problem === 'unknownField').map((p) => p.field),
    typeErrors: problems.filter((p) => p.problem === 'type').map((p) => ({ path: p.field, message: p.goMessage ?? p.message })),
  };
}

/** Every group/version/kind we have schemas for (kinds and their lists). */
export function servedKinds(): Gvk[] {
  return KINDS.map((k) => ({ group: k.group, version: k.version, kind: k.kind }));
}

/** The SchemasPort the sandbox API server takes. */
export const schemasPart: SchemasPort = {
  openApiV3Index: (prefix: string) => openApi.openApiV3Index(prefix),
  openApiV3Document: (gv: string) => openApi.openApiV3Document(gv),
  openApiV2: () => openApi.openApiV2(),
  validateFields,
};
