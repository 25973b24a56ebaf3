import { describe, expect, it } from 'vitest';
import { AnswerKindError, gradeModule, gradeQuestion, gradeQuiz, type QuestionResult } from './grade';
import { question as questionSchema, quizSchema, type Answer, type Question, type Quiz } from './schema';

const q = (raw: Record<string, unknown>): Question => questionSchema.parse({ prompt: 'What is the answer here?', explanation: 'Because it is.', ...raw });

const single = q({ id: 's', kind: 'single', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }], answer: 'b' });
const multiple = q({ id: 'm', kind: 'multiple', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }, { id: 'c', text: 'C' }, { id: 'd', text: 'D' }], answer: ['a', 'c'] });
const workload = q({ id: 'w', kind: 'workload', answer: 'DaemonSet' });
const order = q({ id: 'o', kind: 'order', steps: [{ id: 'one', text: '1' }, { id: 'two', text: '2' }, { id: 'three', text: '3' }, { id: 'four', text: '4' }] });
const bug = q({ id: 'b', kind: 'bug', manifest: 'a: 1\nb: 2\nc: 3\nd: 4\n', answer: [2, 4], check: 'semantic' });
const open = q({ id: 'op', kind: 'open', modelAnswer: 'A model answer long enough.', rubric: ['first point', 'second point', 'third point'] });

describe('gradeQuestion', () => {
  const cases: { name: string; question: Question; answer: Answer; want: QuestionResult }[] = [
    { name: 'the right single choice scores 1', question: single, answer: { kind: 'single', choice: 'b' }, want: { score: 1, correct: true } },
    { name: 'a wrong single choice scores 0', question: single, answer: { kind: 'single', choice: 'a' }, want: { score: 0, correct: false } },
    { name: 'an unknown single choice scores 0', question: single, answer: { kind: 'single', choice: 'zzz' }, want: { score: 0, correct: false } },
    { name: 'all right picks and no wrong ones is correct', question: multiple, answer: { kind: 'multiple', choices: ['c', 'a'] }, want: { score: 1, correct: true } },
    { name: 'half the right picks scores half', question: multiple, answer: { kind: 'multiple', choices: ['a'] }, want: { score: 0.5, correct: false } },
    { name: 'a wrong pick cancels a right one', question: multiple, answer: { kind: 'multiple', choices: ['a', 'b'] }, want: { score: 0, correct: false } },
    { name: 'ticking every box scores 0', question: multiple, answer: { kind: 'multiple', choices: ['a', 'b', 'c', 'd'] }, want: { score: 0, correct: false } },
    { name: 'repeated picks count once', question: multiple, answer: { kind: 'multiple', choices: ['a', 'a', 'c'] }, want: { score: 1, correct: true } },
    { name: 'no picks scores 0', question: multiple, answer: { kind: 'multiple', choices: [] }, want: { score: 0, correct: false } },
    { name: 'the right workload type scores 1', question: workload, answer: { kind: 'workload', choice: 'DaemonSet' }, want: { score: 1, correct: true } },
    { name: 'another workload type scores 0', question: workload, answer: { kind: 'workload', choice: 'Deployment' }, want: { score: 0, correct: false } },
    { name: 'the right order is correct', question: order, answer: { kind: 'order', order: ['one', 'two', 'three', 'four'] }, want: { score: 1, correct: true } },
    { name: 'two swapped steps score the steps still in place', question: order, answer: { kind: 'order', order: ['two', 'one', 'three', 'four'] }, want: { score: 0.5, correct: false } },
    { name: 'an order missing a step scores 0', question: order, answer: { kind: 'order', order: ['one', 'two', 'three'] }, want: { score: 0, correct: false } },
    { name: 'an order repeating a step scores 0', question: order, answer: { kind: 'order', order: ['one', 'one', 'three', 'four'] }, want: { score: 0, correct: false } },
    { name: 'an order with a foreign step scores 0', question: order, answer: { kind: 'order', order: ['one', 'two', 'three', 'five'] }, want: { score: 0, correct: false } },
    { name: 'exactly the faulty lines is correct', question: bug, answer: { kind: 'bug', lines: [4, 2] }, want: { score: 1, correct: true } },
    { name: 'one faulty line of two scores half', question: bug, answer: { kind: 'bug', lines: [2] }, want: { score: 0.5, correct: false } },
    { name: 'a right and a wrong line score 0', question: bug, answer: { kind: 'bug', lines: [1, 2] }, want: { score: 0, correct: false } },
    { name: 'a full rubric is correct', question: open, answer: { kind: 'open', text: 'my answer', ticked: [0, 1, 2] }, want: { score: 1, correct: true } },
    { name: 'two of three rubric points score two thirds and are below the mark', question: open, answer: { kind: 'open', text: 'my answer', ticked: [0, 2] }, want: { score: 0.6667, correct: false } },
    { name: 'rubric ticks outside the rubric and repeats are ignored', question: open, answer: { kind: 'open', text: 'my answer', ticked: [0, 0, 5] }, want: { score: 0.3333, correct: false } },
    { name: 'ticks without a written answer score 0', question: open, answer: { kind: 'open', text: '   ', ticked: [0, 1, 2] }, want: { score: 0, correct: false } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(gradeQuestion(c.question, c.answer)).toEqual(c.want);
    });
  }

  it('refuses an answer of another kind', () => {
    expect(() => gradeQuestion(single, { kind: 'multiple', choices: ['b'] })).toThrow(AnswerKindError);
  });
});

const quiz = (id: string, questions: Question[], passMark?: number): Quiz => quizSchema.parse({ id, lesson: 'jobs', title: 'A quiz', passMark, questions });

describe('gradeQuiz', () => {
  const jobs = quiz('jobs', [single, multiple, workload, order]);

  it('counts unanswered questions as zero', () => {
    const g = gradeQuiz(jobs, new Map([['s', { score: 1, correct: true }]]));
    expect(g).toEqual({ quiz: 'jobs', total: 4, answered: 1, correct: 1, points: 1, fraction: 0.25, passed: false });
  });

  it('passes at the pass mark with partial credit adding up', () => {
    const latest = new Map<string, QuestionResult>([
      ['s', { score: 1, correct: true }],
      ['m', { score: 0.5, correct: false }],
      ['w', { score: 1, correct: true }],
      ['o', { score: 0.5, correct: false }],
    ]);
    expect(gradeQuiz(jobs, latest)).toMatchObject({ answered: 4, correct: 2, points: 3, fraction: 0.75, passed: true });
    expect(gradeQuiz(quiz('jobs', [single, multiple, workload, order], 0.8), latest).passed).toBe(false);
  });

  it('ignores results for questions the quiz no longer has', () => {
    expect(gradeQuiz(jobs, new Map([['gone', { score: 1, correct: true }]]))).toMatchObject({ answered: 0, points: 0 });
  });
});

describe('gradeModule', () => {
  it('weighs every question of every quiz the same', () => {
    const a = quiz('a', [single, workload]);
    const b = quiz('b', [single, workload, order, bug]);
    const g = gradeModule([a, b], new Map([
      ['a', new Map([['s', { score: 1, correct: true }], ['w', { score: 1, correct: true }]])],
      ['b', new Map([['s', { score: 1, correct: true }]])],
    ]));
    expect(g).toMatchObject({ total: 6, answered: 3, points: 3, fraction: 0.5, passedQuizzes: 1 });
    expect(g.quizzes.map((x) => x.quiz)).toEqual(['a', 'b']);
  });

  it('is zero for a module without quizzes', () => {
    expect(gradeModule([], new Map())).toMatchObject({ total: 0, fraction: 0, passedQuizzes: 0 });
  });
});
