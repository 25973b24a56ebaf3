import { describe, expect, it } from 'vitest';
import type { Section } from '../content/frontmatter';
import type { StepRecord } from '../learners/progress';
import { ChecklistError, parseChecklist, tickChecklist, type Evidence } from './checklist';
import type { QuizGrade } from './grade';

const text = `Intro.

- [ ] Run Jobs: [Jobs](/learn/module-05/jobs), [Exercise 5.3](/learn/module-05/exercise-5-3-jobs)
- [ ] Troubleshoot: [Troubleshooting](/learn/module-05/troubleshooting)
`;

const sections = new Map<string, Section>([
  ['jobs', 'theory'],
  ['exercise-5-3-jobs', 'exercises'],
  ['troubleshooting', 'reference'],
]);

const grade = (fraction: number, passed: boolean): QuizGrade => ({ quiz: 'jobs', total: 5, answered: 5, correct: 0, points: fraction * 5, fraction, passed });
const step = (name: string, passed: boolean, solutionShown = false): StepRecord => ({ exercise: 'exercise-5-3-jobs', step: name, passed, solutionShown, firstAt: 'x', updatedAt: 'x', ...(passed ? { passedAt: 'x' } : {}) });
const evidence = (e: Partial<Evidence>): Evidence => ({ sections, lessonsRead: new Set(), quizzes: new Map(), steps: [], ...e });

describe('completion checklist', () => {
  it('reads the items and their lesson links', () => {
    expect(parseChecklist(text)).toEqual([
      { text: 'Run Jobs', links: [{ title: 'Jobs', slug: 'jobs' }, { title: 'Exercise 5.3', slug: 'exercise-5-3-jobs' }] },
      { text: 'Troubleshoot', links: [{ title: 'Troubleshooting', slug: 'troubleshooting' }] },
    ]);
  });

  it('refuses an item without a lesson link, naming the line', () => {
    expect(() => parseChecklist('\n- [ ] Something: nowhere')).toThrow(ChecklistError);
    expect(() => parseChecklist('\n- [ ] Something: nowhere')).toThrow('line 2');
  });

  const cases: { name: string; evidence: Evidence; done: boolean; statuses: string[]; details: string[] }[] = [
    { name: 'nothing done is all to do', evidence: evidence({}), done: false, statuses: ['todo', 'todo'], details: ['not read yet', 'no checks run yet'] },
    { name: 'a read lesson with a failed quiz is started', evidence: evidence({ lessonsRead: new Set(['jobs']), quizzes: new Map([['jobs', grade(0.4, false)]]) }), done: false, statuses: ['partial', 'todo'], details: ['read · quiz 40 %', 'no checks run yet'] },
    { name: 'a passed quiz without reading is only started', evidence: evidence({ quizzes: new Map([['jobs', grade(0.8, true)]]) }), done: false, statuses: ['partial', 'todo'], details: ['not read yet · quiz 80 %, passed', 'no checks run yet'] },
    {
      name: 'read, quiz passed and every checked step passed is done, saying where the solution was shown',
      evidence: evidence({ lessonsRead: new Set(['jobs']), quizzes: new Map([['jobs', grade(1, true)]]), steps: [step('one', true), step('two', true, true)] }),
      done: true,
      statuses: ['done', 'done'],
      details: ['read · quiz 100 %, passed', '2 of 2 checked steps passed (1 with the solution shown)'],
    },
    { name: 'a step that has not passed keeps the exercise started', evidence: evidence({ lessonsRead: new Set(['jobs']), quizzes: new Map([['jobs', grade(1, true)]]), steps: [step('one', true), step('two', false)] }), done: false, statuses: ['done', 'partial'], details: ['read · quiz 100 %, passed', '1 of 2 checked steps passed'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [jobs] = tickChecklist(parseChecklist(text), c.evidence);
      expect(jobs.done).toBe(c.done);
      expect(jobs.evidence.map((e) => e.status)).toEqual(c.statuses);
      expect(jobs.evidence.map((e) => e.detail)).toEqual(c.details);
    });
  }

  it('counts a lesson without a quiz as done once read', () => {
    const [, troubleshooting] = tickChecklist(parseChecklist(text), evidence({ lessonsRead: new Set(['troubleshooting']) }));
    expect(troubleshooting).toMatchObject({ done: true, evidence: [{ status: 'done', detail: 'read' }] });
  });
});
