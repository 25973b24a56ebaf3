import { describe, expect, it } from 'vitest';
import { checkDocument } from './check';
import { CHECKED_CACHE_ENTRIES, CHECKED_CACHE_MAX_CHARS, checkedCacheSize, checkedManifests } from './checked';
import { parseManifests } from './parse';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;
const badJob = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      restartPolicy: Sometimes\n      containers:\n      - name: pi\n        image: busybox\n        replicas: 3\n';

describe('checkedManifests', () => {
  it('gives what parseManifests and checkDocument give, document by document', () => {
    const text = `${cm('a')}---\n${badJob}---\n: [oops\n`;
    const checked = checkedManifests(text);
    const fresh = parseManifests(text);
    expect(checked.map((c) => [c.doc.index, c.doc.line, c.doc.object, [...c.problems]])).toEqual(fresh.map((d) => [d.index, d.line, d.object, checkDocument(d)]));
    expect(checked[1].problems.length).toBeGreaterThan(0);
    expect(checked[1].doc.lineOf(['spec', 'template', 'spec', 'restartPolicy'])).toEqual(fresh[1].lineOf(['spec', 'template', 'spec', 'restartPolicy']));
  });

  it('shares the result of one text between callers, frozen so that none can change it for the others', () => {
    const text = cm('shared');
    const first = checkedManifests(text);
    expect(checkedManifests(text)).toBe(first);
    const obj = first[0].doc.object as { metadata: { name: string } };
    expect(() => {
      obj.metadata.name = 'changed';
    }).toThrow(TypeError);
    expect(structuredClone(obj).metadata.name).toBe('shared');
  });

  it('remembers only the last few texts, and no long ones', () => {
    for (let i = 0; i < CHECKED_CACHE_ENTRIES + 3; i++) checkedManifests(cm(`n${i}`));
    expect(checkedCacheSize()).toBe(CHECKED_CACHE_ENTRIES);
    const oldest = checkedManifests(cm('n0'));
    expect(checkedManifests(cm('n0'))).toBe(oldest);
    const long = `${cm('long')}#${'x'.repeat(CHECKED_CACHE_MAX_CHARS)}\n`;
    expect(checkedManifests(long)).not.toBe(checkedManifests(long));
  });
});
