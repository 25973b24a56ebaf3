import { assertSameOrigin, jsonResponse, readJson } from '@/lib/lab/request';
import { progressErrorResponse } from '@/lib/quiz/http';
import { requireLearner } from '@/lib/quiz/learner';
import { answerQuestion } from '@/lib/quiz/service';

/** Grades and saves an answer: `{ quiz, question, answer }`; answers with the feedback and the quiz's grade. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const body = await readJson<unknown>(req, 32 * 1024);
    const r = requireLearner(req);
    return jsonResponse(answerQuestion(r.db, r.learner.id, body));
  } catch (err) {
    return progressErrorResponse(err);
  }
}
