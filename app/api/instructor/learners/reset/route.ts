import { classLearner, requireInstructor, resetLearnerCluster } from '@/lib/classes/portal';
import { errorResponse, jsonResponse, readJson } from '@/lib/lab/request';

/** The instructor resets a learner's cluster: `{ "class": id, "learner": id }`; the learner's bench says so. */
export async function POST(req: Request) {
  try {
    const ctx = requireInstructor(req, { write: true });
    const body = await readJson<{ class?: unknown; learner?: unknown }>(req, 1024);
    const { learnerId } = classLearner(ctx, body?.class, body?.learner);
    const { clusterId } = await resetLearnerCluster(ctx, learnerId);
    return jsonResponse({ learner: learnerId, clusterId });
  } catch (err) {
    return errorResponse(err);
  }
}
