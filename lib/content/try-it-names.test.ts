/**
 * A Try-it must not reuse the name of an object that something else in the module creates: another
 * Try-it, an example in a lesson's YAML, or a file of the resource library (which the exercises
 * apply). A learner who skips a clean-up, or works through an exercise with a Try-it's objects still
 * there, would otherwise meet "field is immutable" or an object that is not the one they read about.
 */
import { describe, expect, it } from 'vitest';
import { objectsOf } from '../exercises/testing';
import { tryItBlocks } from '../tryit/blocks';
import { loadLessons } from './lessons';
import { readResource, resourceFiles } from './resources';

type Named = { key: string; where: string };

function keysOf(yaml: string, where: string): Named[] {
  return objectsOf(yaml).map((o) => ({ key: `${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`, where }));
}

const lessons = loadLessons();
const tryIts: Named[] = lessons.flatMap((l) => tryItBlocks(l.source).flatMap((b) => keysOf(b.yaml, `Try-it ${b.id} (${l.slug})`)));
/** ```yaml examples in lesson prose, outside the Try-its. */
const examples: Named[] = lessons.flatMap((l) => {
  const prose = l.source.replace(/<TryIt\b[\s\S]*?<\/TryIt>/g, '');
  return [...prose.matchAll(/```ya?ml\n([\s\S]*?)```/g)].flatMap((m) => {
    try {
      return keysOf(m[1], `a YAML example in ${l.slug}`);
    } catch {
      return []; // fragments (a single field) are not objects
    }
  }).filter((n) => !n.key.includes('/undefined'));
});
const library: Named[] = resourceFiles().filter((f) => /\.ya?ml$/.test(f)).flatMap((f) => keysOf(readResource(f), `resources/${f}`)).filter((n) => !n.key.includes('/undefined'));

describe('names the Try-its create', () => {
  it('are found, and so are the examples and library objects they are compared with', () => {
    expect(tryIts.length).toBeGreaterThan(20);
    expect(examples.length).toBeGreaterThan(0);
    expect(library.length).toBeGreaterThan(30);
  });

  it('differ from one Try-it to the next', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const n of tryIts) {
      const first = seen.get(n.key);
      if (first && first !== n.where) clashes.push(`${n.key}: ${first} and ${n.where}`);
      seen.set(n.key, first ?? n.where);
    }
    expect(clashes).toEqual([]);
  });

  it('differ from the lessons\' YAML examples and the resource library', () => {
    const others = new Map([...examples, ...library].map((n) => [n.key, n.where]));
    expect(tryIts.filter((n) => others.has(n.key)).map((n) => `${n.key}: ${n.where} and ${others.get(n.key)}`)).toEqual([]);
  });
});
