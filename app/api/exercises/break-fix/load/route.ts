import { UnknownScenarioError, findScenario } from '@/lib/break-fix/definitions';
import { loadScenario } from '@/lib/break-fix/load';
import { LabError } from '@/lib/lab/errors';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { requireSession } from '@/lib/lab/session';

/** Loads a break-and-fix scenario's broken objects into the learner's cluster: `{ "scenario": "<id>" }`. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const session = await requireSession(req);
    const body = await readJson<{ scenario?: unknown }>(req, 1024);
    if (typeof body.scenario !== 'string') throw new LabError(400, 'scenario: expected the id of a break-and-fix scenario', 'BadRequest');
    const def = findScenario(body.scenario);
    const loaded = await loadScenario(session.kc, def, { namespace: session.namespace });
    return jsonResponse(loaded);
  } catch (err) {
    if (err instanceof UnknownScenarioError) return errorResponse(new LabError(404, err.message, 'NotFound'));
    return errorResponse(err);
  }
}
