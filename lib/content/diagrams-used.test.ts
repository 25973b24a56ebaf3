/** Every diagram the MDX registry offers is drawn in at least one lesson, and no lesson uses one that does not exist. */
import { describe, expect, it } from 'vitest';
import * as diagrams from '@/components/diagrams';
import { loadLessons } from './lessons';

const lessons = loadLessons();
const names = Object.keys(diagrams).filter((n) => n.endsWith('Diagram') || n === 'DiagnosticTree');

describe('diagrams in the lessons', () => {
  it.each(names)('%s is used by a lesson', (name) => {
    expect(lessons.filter((l) => new RegExp(`<${name}\\b`).test(l.source)).map((l) => l.slug)).not.toEqual([]);
  });

  it('names only diagrams that exist', () => {
    const used = new Set(lessons.flatMap((l) => [...l.source.matchAll(/<([A-Z]\w*Diagram)\b/g)].map((m) => m[1])));
    expect([...used].filter((n) => !names.includes(n))).toEqual([]);
  });
});
