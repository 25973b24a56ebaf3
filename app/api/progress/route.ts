import { findLesson } from '@/lib/content/lessons';
import { LabError } from '@/lib/lab/errors';
import { assertSameOrigin, jsonResponse, readJson } from '@/lib/lab/request';
import { markLessonRead } from '@/lib/learners/progress';
import { progressErrorResponse } from '@/lib/quiz/http';
import { existingLearner, requireLearner } from '@/lib/quiz/learner';
import { progressSummary, savedQuiz } from '@/lib/quiz/service';
import { portalContext } from '@/lib/portal/context';

/** The learner's progress: everything, or with ?quiz=<id> one quiz's saved answers and feedback. */
export async function GET(req: Request) {
  try {
    const { db, learner } = existingLearner(req);
    const quiz = new URL(req.url).searchParams.get('quiz');
    if (quiz !== null) return jsonResponse({ quiz: savedQuiz(db, learner?.id, quiz) });
    return jsonResponse({ progress: progressSummary(db, learner?.id) });
  } catch (err) {
    return progressErrorResponse(err);
  }
}

/** Marks a lesson read: `{ "lesson": "<slug>" }`. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const body = await readJson<{ lesson?: unknown }>(req, 1024);
    if (typeof body.lesson !== 'string' || !findLesson(body.lesson)) throw new LabError(404, 'lesson: expected the slug of a lesson of this module', 'NotFound');
    const r = requireLearner(req);
    const lesson = markLessonRead(r.db, r.learner.id, body.lesson);
    // The class board shows the lesson a learner is on.
    portalContext().signals.signal(r.learner.id);
    return jsonResponse({ lesson });
  } catch (err) {
    return progressErrorResponse(err);
  }
}
