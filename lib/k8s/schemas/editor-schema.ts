/**
 * One JSON Schema for the editor (monaco-yaml): every served kind's definition, chosen by
 * the document's apiVersion and kind with if/then, so completion, hover and squiggles
 * follow whatever object the learner is writing. Built from the generated schemas, served
 * from our own origin (no schema downloads at run time).
 */
import { loadSchemas, type JsonSchema } from './load';

export interface EditorSchema {
  $schema: string;
  type: 'object';
  properties: Record<string, JsonSchema>;
  required: string[];
  allOf: object[];
  definitions: Record<string, JsonSchema>;
}

let cached: string | undefined;

export function editorSchema(): EditorSchema {
  const { kinds, definitions } = loadSchemas();
  const entries = Object.entries(kinds).filter(([k]) => !k.endsWith('List'));
  const apiVersions = [...new Set(entries.map(([k]) => { const [g, v] = k.split('/'); return g ? `${g}/${v}` : v; }))].sort();
  const kindNames = [...new Set(entries.map(([k]) => k.split('/')[2]))].sort();
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      apiVersion: { type: 'string', enum: apiVersions, description: 'The API group and version of the object, e.g. apps/v1 or batch/v1.' },
      kind: { type: 'string', enum: kindNames, description: 'What kind of object this document describes.' },
    },
    required: ['apiVersion', 'kind'],
    allOf: entries.map(([key, def]) => {
      const [group, version, kind] = key.split('/');
      return {
        if: { properties: { apiVersion: { const: group ? `${group}/${version}` : version }, kind: { const: kind } }, required: ['apiVersion', 'kind'] },
        then: { $ref: `#/definitions/${def}` },
      };
    }),
    definitions,
  };
}

/** The serialised schema, computed once per process. */
export function editorSchemaJson(): string {
  cached ??= JSON.stringify(editorSchema());
  return cached;
}
