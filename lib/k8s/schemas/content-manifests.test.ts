/**
 * Every YAML file under content/ is a manifest set a learner may apply: each document must
 * parse, be a kind we know, match the Kubernetes schema and pass the semantic rules. A failure
 * names the file, the document, the line and the field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { checkManifest } from './manifest-rules';
import { validateManifest } from './validate';

const CONTENT = path.join(process.cwd(), 'content');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(d.name) && !d.name.startsWith('_') ? [p] : [];
  });
}

function lineOf(doc: Document, lines: LineCounter, p: (string | number)[]): number {
  for (let n = p.length; n >= 0; n--) {
    const node = doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

export function problemsIn(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true });
  const rel = path.relative(process.cwd(), file);
  const problems: string[] = [];
  (Array.isArray(docs) ? docs : [docs]).forEach((doc, index) => {
    const where = (p: (string | number)[]) => `${rel} (document ${index + 1}, line ${lineOf(doc, lines, p)})`;
    for (const err of doc.errors) problems.push(`${rel} (document ${index + 1}): ${err.message}`);
    if (doc.errors.length) return;
    const obj = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
    if (obj === null) return; // an empty document (e.g. a trailing ---)
    try {
      for (const p of validateManifest(obj)) problems.push(`${where(p.path)}: ${p.field}: ${p.message}`);
    } catch (err) {
      problems.push(`${where([])}: ${(err as Error).message}`);
      return;
    }
    for (const p of checkManifest(obj)) problems.push(`${where(p.path)}: ${p.field}: ${p.message}`);
  });
  return problems;
}

const files = yamlFiles(CONTENT);

describe('the resource library', () => {
  it('has manifests for every folder of the module structure', () => {
    const rel = files.map((f) => path.relative(path.join(CONTENT, 'module-05', 'resources'), f));
    for (const folder of ['workload-types', 'container-patterns', 'scheduling-workloads', 'batch-processing']) {
      expect(rel.filter((f) => f.startsWith(`${folder}/`)).length, folder).toBeGreaterThanOrEqual(4);
    }
  });

  it.each(files.map((f) => [path.relative(CONTENT, f), f]))('%s is valid Kubernetes', (_name, file) => {
    expect(problemsIn(file)).toEqual([]);
  });
});
