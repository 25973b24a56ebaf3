import { TooManyImportsError } from '@/lib/http/limit-errors';
import { LabError } from '@/lib/lab/errors';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { assertImportFits, ImportQuotaError } from '@/lib/learners/import-quota';
import { importProgress } from '@/lib/learners/progress';
import { progressErrorResponse } from '@/lib/quiz/http';
import { requireLearner } from '@/lib/quiz/learner';
import { regradeImported } from '@/lib/quiz/service';
import { portalContext } from '@/lib/portal/context';

/** A file exported before, merged into the learner's progress (nothing newer is lost); bounded per file and per hour. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const r = requireLearner(req);
    const limits = portalContext().limits;
    const wait = limits.imports.take(r.learner.id);
    if (wait > 0) throw new TooManyImportsError(wait, limits.settings.importsPerHour);
    const file = await readJson<unknown>(req, 4 * 1024 * 1024);
    assertImportFits(r.db, r.learner.id, file);
    return jsonResponse({ imported: importProgress(r.db, r.learner.id, file, regradeImported) });
  } catch (err) {
    if (err instanceof ImportQuotaError) return errorResponse(new LabError(err.status, err.message, 'ImportTooLarge'));
    return progressErrorResponse(err);
  }
}
