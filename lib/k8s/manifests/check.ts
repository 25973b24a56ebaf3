/**
 * What can be known about a manifest before it reaches the API server: YAML problems,
 * apiVersion/kind, and the schema (unknown fields, types, enums, required fields), each
 * pinned to its document and line. The API server remains the judge of everything else.
 */
import { UnknownKindError, validateManifest } from '../schemas/validate';
import type { ManifestProblem, ParsedDocument } from './parse';

export function checkDocument(doc: ParsedDocument): ManifestProblem[] {
  if (!doc.object) return doc.problems;
  const obj = doc.object;
  const problems: ManifestProblem[] = [...doc.problems];
  const at = (path: (string | number)[]) => doc.lineOf(path);
  if (typeof obj.apiVersion !== 'string' || !obj.apiVersion) {
    problems.push({ document: doc.index, ...at([]), field: 'apiVersion', message: 'apiVersion not set', source: 'schema' });
  }
  if (typeof obj.kind !== 'string' || !obj.kind) {
    problems.push({ document: doc.index, ...at([]), field: 'kind', message: 'kind not set', source: 'schema' });
  }
  if (problems.length) return problems;
  try {
    for (const p of validateManifest(obj)) problems.push({ document: doc.index, ...at(p.path), field: p.field, message: p.message, source: 'schema' });
  } catch (e) {
    if (!(e instanceof UnknownKindError)) throw e;
    problems.push({ document: doc.index, ...at(['kind']), field: 'kind', message: `no matches for kind "${String(obj.kind)}" in version "${String(obj.apiVersion)}"`, source: 'schema' });
  }
  return problems;
}
