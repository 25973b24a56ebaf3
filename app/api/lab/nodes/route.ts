import { NODE_ACTIONS, type NodeAction } from '@/lib/lab/cluster-handle';
import { requireSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';

/** Node operations on the learner's sandbox cluster: add, remove, fail, recover, cordon. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const session = await requireSession(req);
    const body = await readJson<{ action?: unknown; node?: unknown }>(req, 1024);
    const action = body.action as NodeAction;
    if (!NODE_ACTIONS.includes(action)) throw new LabError(400, `action: expected one of ${NODE_ACTIONS.join(', ')}`, 'BadRequest');
    const node = typeof body.node === 'string' ? body.node : '';
    if (action !== 'add' && !/^[a-z0-9-]{1,63}$/.test(node)) throw new LabError(400, 'node: expected a node name', 'BadRequest');
    // A refused operation (no such node, the last one) answers 409 with the cluster's sentence;
    // the answer comes once the change is on disk (the sandbox store commits in groups).
    return jsonResponse({ node: await session.cluster.nodeOperation(action, node) });
  } catch (err) {
    return errorResponse(err);
  }
}
