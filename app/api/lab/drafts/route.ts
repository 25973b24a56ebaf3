import { deleteDraft, draftsFor, DraftTooLargeError, MAX_DRAFT_BYTES, saveDraft } from '@/lib/learners/drafts';
import { assertDraftFits, DraftQuotaError } from '@/lib/learners/draft-quota';
import { portalContext } from '@/lib/portal/context';
import { requireSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';

const NAME = /^[a-z0-9][a-z0-9._/-]{0,127}$/;

function checkName(what: string, v: unknown): string {
  if (typeof v !== 'string' || !NAME.test(v)) throw new LabError(400, `${what}: expected a lesson slug or file name`, 'BadRequest');
  return v;
}

/** The learner's saved editor buffers for a lesson. */
export async function GET(req: Request) {
  try {
    const session = await requireSession(req, { rateLimited: false });
    const lesson = checkName('lesson', new URL(req.url).searchParams.get('lesson'));
    return jsonResponse({ drafts: draftsFor(portalContext().db, session.learner.id, lesson) });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function PUT(req: Request) {
  try {
    assertSameOrigin(req);
    const session = await requireSession(req, { rateLimited: false });
    const body = await readJson<{ lesson?: unknown; tab?: unknown; content?: unknown }>(req, MAX_DRAFT_BYTES + 4096);
    if (typeof body.content !== 'string') throw new LabError(400, 'content: expected the editor text', 'BadRequest');
    const { db } = portalContext();
    const lesson = checkName('lesson', body.lesson);
    const tab = checkName('tab', body.tab);
    assertDraftFits(db, session.learner.id, lesson, tab, body.content);
    const draft = saveDraft(db, session.learner.id, lesson, tab, body.content);
    return jsonResponse({ draft });
  } catch (err) {
    if (err instanceof DraftTooLargeError) return errorResponse(new LabError(413, err.message, 'TooLarge'));
    if (err instanceof DraftQuotaError) return errorResponse(new LabError(err.reason === 'count' ? 403 : 413, err.message, 'DraftQuota'));
    return errorResponse(err);
  }
}

export async function DELETE(req: Request) {
  try {
    assertSameOrigin(req);
    const session = await requireSession(req, { rateLimited: false });
    const url = new URL(req.url);
    deleteDraft(portalContext().db, session.learner.id, checkName('lesson', url.searchParams.get('lesson')), checkName('tab', url.searchParams.get('tab')));
    return jsonResponse({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
