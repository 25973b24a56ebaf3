/**
 * Every YAML file under content/ is a manifest set a learner may apply: each document must
 * parse, be a kind we know, match the Kubernetes schema and pass the semantic rules. A failure
 * names the file, the document, the line and the field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifests/parse';
import { checkManifest } from './manifest-rules';
import { validateManifest } from './validate';
import { loadScenarios } from '../../break-fix/definitions';

const CONTENT = path.join(process.cwd(), 'content');

function isDataFolder(dir: string): boolean {
  const parent = path.basename(path.dirname(dir));
  return /^module-\d+$/.test(parent) && ['quizzes', 'exercises', 'break-fix'].includes(path.basename(dir));
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    // Quizzes and exercise definitions are YAML too, but data for the quiz engine and the
    // exercise checker (validated by lib/quiz and lib/exercises), not manifests. Only the
    // module-level folders are data: resources/exercises/ holds manifests and is checked here.
    if (d.isDirectory()) return isDataFolder(p) ? [] : yamlFiles(p);
    return /\.ya?ml$/.test(d.name) && !d.name.startsWith('_') ? [p] : [];
  });
}

export function problemsIn(file: string, text = fs.readFileSync(file, 'utf8'), label = path.relative(process.cwd(), file)): string[] {
  const rel = label;
  const problems: string[] = [];
  for (const doc of parseManifests(text)) {
    const where = (p: (string | number)[]) => `${rel} (document ${doc.index}, line ${doc.lineOf(p).line})`;
    for (const p of doc.problems) problems.push(`${rel} (document ${doc.index}, line ${p.line}): ${p.message}`);
    const obj = doc.object;
    if (!obj) continue;
    try {
      for (const p of validateManifest(obj)) problems.push(`${where(p.path)}: ${p.field}: ${p.message}`);
    } catch (err) {
      problems.push(`${where([])}: ${(err as Error).message}`);
      continue;
    }
    for (const p of checkManifest(obj)) problems.push(`${where(p.path)}: ${p.field}: ${p.message}`);
  }
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

// Break-and-fix scenarios are data files, but the manifests inside them are applied to a
// learner's cluster like any other: the broken state and the fix must both be valid Kubernetes.
describe('the break-and-fix scenarios', () => {
  it.each(loadScenarios().map((s) => [s.scenario, s]))('%s has valid broken and fixed manifests', (_id, s) => {
    expect([...problemsIn('', s.broken, `break-fix/${s.scenario} broken`), ...problemsIn('', s.fix, `break-fix/${s.scenario} fix`)]).toEqual([]);
  });
});
