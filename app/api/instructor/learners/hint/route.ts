import { addNotice, normaliseHint } from '@/lib/classes/notices';
import { classLearner, requireInstructor } from '@/lib/classes/portal';
import { errorResponse, jsonResponse, readJson } from '@/lib/lab/request';

/** A short plain-text hint on a learner's bench: `{ "class": id, "learner": id, "text": "..." }`. */
export async function POST(req: Request) {
  try {
    const ctx = requireInstructor(req, { write: true });
    const body = await readJson<{ class?: unknown; learner?: unknown; text?: unknown }>(req, 4096);
    const { learnerId } = classLearner(ctx, body?.class, body?.learner);
    const notice = addNotice(ctx.db, learnerId, 'hint', normaliseHint(body?.text));
    ctx.signals.signal(learnerId);
    return jsonResponse({ notice }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
