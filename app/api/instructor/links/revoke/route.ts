import { revokeInstructorLink } from '@/lib/classes/instructor-links';
import { requireInstructor } from '@/lib/classes/portal';
import { errorResponse, jsonResponse, readJson } from '@/lib/lab/request';

/** Revokes a minted instructor link: `{ "id": "..." }`; sessions opened with it end at their next request. */
export async function POST(req: Request) {
  try {
    const { db } = requireInstructor(req, { write: true });
    const body = await readJson<{ id?: unknown }>(req, 1024);
    revokeInstructorLink(db, body?.id);
    return jsonResponse({ revoked: body?.id });
  } catch (err) {
    return errorResponse(err);
  }
}
