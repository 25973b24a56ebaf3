import { UnknownScenarioError, findScenario } from '@/lib/break-fix/definitions';
import { LabError } from '@/lib/lab/errors';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { requireSession } from '@/lib/lab/session';

/** Runs a break-and-fix scenario's goal check against the learner's cluster: `{ "scenario": "<id>" }`. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const session = await requireSession(req);
    const body = await readJson<{ scenario?: unknown }>(req, 1024);
    if (typeof body.scenario !== 'string') throw new LabError(400, 'scenario: expected the id of a break-and-fix scenario', 'BadRequest');
    const def = findScenario(body.scenario);
    const goal = await session.cluster.breakFixGoal(def.scenario);
    return jsonResponse({ scenario: def.scenario, checkedAt: new Date().toISOString(), goal });
  } catch (err) {
    if (err instanceof UnknownScenarioError) return errorResponse(new LabError(404, err.message, 'NotFound'));
    return errorResponse(err);
  }
}
