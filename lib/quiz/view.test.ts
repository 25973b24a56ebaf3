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
});
