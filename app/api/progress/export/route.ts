import { jsonResponse } from '@/lib/lab/request';
import { exportProgress } from '@/lib/learners/progress';
import { progressErrorResponse } from '@/lib/quiz/http';
import { existingLearner } from '@/lib/quiz/learner';

/** The learner's progress as a JSON file to keep or to import elsewhere. */
export async function GET(req: Request) {
  try {
    const { db, learner } = existingLearner(req);
    const now = new Date();
    const file = learner ? exportProgress(db, learner.id, now) : { format: 'kubelab-progress', version: 1, exportedAt: now.toISOString(), lessons: [], quizAttempts: [], exerciseSteps: [] };
    const name = `kubelab-progress-${now.toISOString().slice(0, 10)}.json`;
    return jsonResponse(file, 200, { 'content-disposition': `attachment; filename="${name}"` });
  } catch (err) {
    return progressErrorResponse(err);
  }
}
