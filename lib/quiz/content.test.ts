import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleLessons } from '../content/lessons';
import { MODULE_DIR } from '../content/paths';
import { checkDocument } from '../k8s/manifests/check';
import { parseManifests } from '../k8s/manifests/parse';
import { checkManifest } from '../k8s/schemas/manifest-rules';
import { loadChecklist } from './checklist';
import { loadQuizzes } from './load';
import type { Question } from './schema';

const quizzes = loadQuizzes();
const lessons = moduleLessons();
const QUIZZED_SECTIONS = ['theory', 'patterns', 'scheduling', 'batch'];

/** Lines (1-based) where the manifest has problems of the kind the question says it has. */
function problemLines(q: Extract<Question, { kind: 'bug' }>): number[] {
  return parseManifests(q.manifest).flatMap((doc) => {
    const schema = checkDocument(doc).map((p) => p.line);
    const rules = doc.object ? checkManifest(doc.object).map((p) => doc.lineOf(p.path).line) : [];
    return q.check === 'schema' ? schema : q.check === 'rules' ? rules : [...schema, ...rules];
  });
}

describe('quiz content', () => {
  it('every quiz file is valid and belongs to a lesson that exists', () => {
    expect(quizzes.length).toBeGreaterThan(0);
    const slugs = new Set(lessons.map((l) => l.slug));
    for (const quiz of quizzes) expect(slugs.has(quiz.lesson), `${quiz.id}: lesson "${quiz.lesson}"`).toBe(true);
  });

  // Up to 7: the Jobs and Scheduling lessons gained sections on 1.29-1.33 features and keep one
  // quiz each, so the lesson still ends in one score and the progress page's count of quizzes is
  // unchanged; 7 single- and multiple-choice questions still take about five minutes.
  it('every theory, patterns, scheduling and batch lesson has a quiz of 3 to 7 questions', () => {
    for (const lesson of lessons.filter((l) => QUIZZED_SECTIONS.includes(l.section))) {
      const quiz = quizzes.find((q) => q.lesson === lesson.slug);
      expect(quiz, `no quiz for ${lesson.slug}`).toBeDefined();
      expect(quiz!.questions.length, lesson.slug).toBeGreaterThanOrEqual(3);
      expect(quiz!.questions.length, lesson.slug).toBeLessThanOrEqual(7);
    }
  });

  it('the knowledge check has the twelve questions, three in each of its four groups', () => {
    const kc = quizzes.find((q) => q.id === 'knowledge-check')!;
    expect(kc.questions).toHaveLength(12);
    expect(kc.groups.map((g) => kc.questions.filter((q) => q.group === g.id).length)).toEqual([3, 3, 3, 3]);
  });

  it('the quizzes use every kind of question', () => {
    const kinds = new Set(quizzes.flatMap((q) => q.questions.map((x) => x.kind)));
    expect([...kinds].sort()).toEqual(['bug', 'multiple', 'open', 'order', 'single', 'workload']);
  });

  for (const quiz of quizzes) {
    for (const q of quiz.questions.filter((x): x is Extract<Question, { kind: 'bug' }> => x.kind === 'bug')) {
      it(`${quiz.id}/${q.id}: the manifest's ${q.check} problems are exactly on the answer lines`, () => {
        const lines = problemLines(q);
        if (q.check === 'semantic') expect(lines, 'a semantic bug must pass the schema and the rules').toEqual([]);
        else {
          // The validator pins a problem to the value's line; a key that opens a block has its value on the next line.
          const text = q.manifest.split('\n');
          const answerLineOf = (l: number) => (q.answer.includes(l) ? l : q.answer.includes(l - 1) && text[l - 2].trimEnd().endsWith(':') ? l - 1 : l);
          expect(lines.length).toBeGreaterThan(0);
          expect([...new Set(lines.map(answerLineOf))].sort((a, b) => a - b)).toEqual([...q.answer].sort((a, b) => a - b));
        }
      });
    }
  }

  it('every quiz is embedded in its lesson, and every embedded quiz exists', () => {
    const embedded = new Map<string, string[]>();
    for (const lesson of lessons) {
      const text = fs.readFileSync(path.join(process.cwd(), lesson.file), 'utf8');
      for (const m of text.matchAll(/<Quiz id="([^"]+)"/g)) embedded.set(m[1], [...(embedded.get(m[1]) ?? []), lesson.slug]);
    }
    for (const [id, where] of embedded) expect(quizzes.some((q) => q.id === id && where.includes(q.lesson)), `<Quiz id="${id}"> in ${where.join(', ')}`).toBe(true);
    for (const quiz of quizzes) expect(embedded.has(quiz.id), `${quiz.id} is not embedded in ${quiz.lesson}`).toBe(true);
  });

  it('the completion checklist links only to lessons that exist', () => {
    const slugs = new Set(lessons.map((l) => l.slug));
    const items = loadChecklist(path.join(MODULE_DIR, '420-completion-checklist.mdx'));
    expect(items.length).toBeGreaterThanOrEqual(9);
    for (const item of items) for (const link of item.links) expect(slugs.has(link.slug), link.slug).toBe(true);
  });
});
