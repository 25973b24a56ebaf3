import { assertSameOrigin, jsonResponse, readJson } from '@/lib/lab/request';
import { importProgress } from '@/lib/learners/progress';
import { progressErrorResponse } from '@/lib/quiz/http';
import { cookieHeaders, requireLearner } from '@/lib/quiz/learner';
import { regradeImported } from '@/lib/quiz/service';

/** A file exported before, merged into the learner's progress (nothing newer is lost). */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const file = await readJson<unknown>(req, 4 * 1024 * 1024);
    const r = requireLearner(req);
    return jsonResponse({ imported: importProgress(r.db, r.learner.id, file, regradeImported) }, 200, cookieHeaders(r));
  } catch (err) {
    return progressErrorResponse(err);
  }
}
