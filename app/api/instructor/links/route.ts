import { listInstructorLinks, mintInstructorLink } from '@/lib/classes/instructor-links';
import { requireInstructor } from '@/lib/classes/portal';
import { instructorLink } from '@/lib/instructor/access';
import { errorResponse, jsonResponse, readJson } from '@/lib/lab/request';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  try {
    const { db } = requireInstructor(req);
    return jsonResponse({ links: listInstructorLinks(db) });
  } catch (err) {
    return errorResponse(err);
  }
}

/** Mints an instructor link for a colleague: `{ "label": "who it is for" }`; the link is shown once. */
export async function POST(req: Request) {
  try {
    const { db } = requireInstructor(req, { write: true });
    const body = await readJson<{ label?: unknown }>(req, 1024);
    const { link, token } = mintInstructorLink(db, body?.label);
    return jsonResponse({ link, url: instructorLink(new URL(req.url).origin, token) }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
