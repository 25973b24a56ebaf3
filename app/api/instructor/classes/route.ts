import { createClass, listClasses } from '@/lib/classes/classes';
import { requireInstructor } from '@/lib/classes/portal';
import { errorResponse, jsonResponse, readJson } from '@/lib/lab/request';

export const dynamic = 'force-dynamic';

/** The portal's classes, newest first, with their join codes and member counts. */
export async function GET(req: Request) {
  try {
    const { db } = requireInstructor(req);
    return jsonResponse({ classes: listClasses(db) });
  } catch (err) {
    return errorResponse(err);
  }
}

/** A new class: `{ "name": "...", "startsOn"?: "YYYY-MM-DD", "endsOn"?: "YYYY-MM-DD" }`; answers it with its join code. */
export async function POST(req: Request) {
  try {
    const { db } = requireInstructor(req, { write: true });
    const body = await readJson<{ name?: unknown; startsOn?: unknown; endsOn?: unknown }>(req, 2048);
    return jsonResponse({ class: createClass(db, body ?? {}) }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
