import { describe, expect, it } from 'vitest';
import { loadQuizzes } from './load';
import { feedbackFor, quizView, shuffledSteps } from './view';

const steps = ['a', 'b', 'c', 'd'].map((id) => ({ id, text: id.toUpperCase() }));

describe('quiz view', () => {
  it('shuffles steps the same way every time and never into the right order', () => {
    for (const id of ['x', 'y', 'z', 'order-1', 'scale-up-order']) {
      const once = shuffledSteps(id, steps);
      expect(shuffledSteps(id, steps)).toEqual(once);
      expect(once.map((s) => s.id)).not.toEqual(['a', 'b', 'c', 'd']);
      expect(once.map((s) => s.id).sort()).toEqual(['a', 'b', 'c', 'd']);
    }
  });

  it('sends no answer key and no explanation to the page', () => {
    for (const quiz of loadQuizzes()) {
      const json = JSON.stringify(quizView(quiz));
      expect(json).not.toContain('"answer"');
      expect(json).not.toContain('"explanation"');
      for (const q of quiz.questions) expect(json).not.toContain(q.explanation);
    }
  });

  it('shows one group of a quiz on its own', () => {
    const kc = loadQuizzes().find((q) => q.id === 'knowledge-check')!;
    expect(quizView(kc, 'scenarios').questions.map((q) => q.id)).toEqual(['file-processing', 'monthly-report', 'chat-application']);
  });

  it('gives the key and the explanation with the feedback', () => {
    const jobs = loadQuizzes().find((q) => q.id === 'jobs')!;
    const q = jobs.questions.find((x) => x.id === 'restart-policy-bug')!;
    expect(feedbackFor(q, { kind: 'bug', lines: [9] }, '2025-01-01T00:00:00.000Z', 1)).toMatchObject({ score: 1, correct: true, key: { kind: 'bug', lines: [9] }, explanation: q.explanation });
  });

  it('keeps the key and the explanation back after a partly right answer, and says what was right and wrong in it', () => {
    const jobs = loadQuizzes().find((q) => q.id === 'jobs')!;
    const q = jobs.questions.find((x) => x.id === 'indexed')!;
    const f = feedbackFor(q, { kind: 'multiple', choices: ['env', 'queue'] }, '2025-01-01T00:00:00.000Z', 1);
    expect(f.key).toBeUndefined();
    expect(f.explanation).toBeUndefined();
    expect(f.correct).toBe(false);
    expect(f.hint).toBe('1 of your choices is right, 1 is not, and you missed 2.');
  });

  it('gives the key of a wrong answer once the learner asked to see it', () => {
    const jobs = loadQuizzes().find((q) => q.id === 'jobs')!;
    const q = jobs.questions.find((x) => x.id === 'deadline')!;
    expect(feedbackFor(q, { kind: 'single', choice: 'warning' }, '2025-01-01T00:00:00.000Z', 2, { revealed: true })).toMatchObject({ correct: false, revealed: true, key: { kind: 'single', choice: 'killed' }, explanation: q.explanation });
  });
});
