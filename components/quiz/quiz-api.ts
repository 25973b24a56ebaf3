/** The quiz's calls to the portal: saved answers of a quiz, and answering a question. */
import type { AnswerOutcome, SavedQuiz } from '@/lib/quiz/service';
import type { Answer } from '@/lib/quiz/schema';
import { reportSessionLost } from '@/components/layout/session-lost';

export class QuizApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'QuizApiError';
  }
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) reportSessionLost(res.status, body.message);
  if (!res.ok) throw new QuizApiError(res.status, body.message ?? `the portal answered ${res.status}`);
  return body;
}

export async function loadSaved(quiz: string, signal?: AbortSignal): Promise<SavedQuiz> {
  return (await json<{ quiz: SavedQuiz }>(await fetch(`/api/progress?quiz=${encodeURIComponent(quiz)}`, { signal, cache: 'no-store' }))).quiz;
}

/** Grades and saves an answer; `reveal` also asks for the right answer (the question then keeps its score). */
export async function submitAnswer(quiz: string, question: string, answer: Answer, reveal = false): Promise<AnswerOutcome> {
  const res = await fetch('/api/quiz/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quiz, question, answer, ...(reveal ? { reveal: true } : {}) }) });
  return json<AnswerOutcome>(res);
}
