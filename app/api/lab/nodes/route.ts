import { addNode, failNode, NodeOperationError, recoverNode, removeNode, setCordoned } from '@/lib/k8s/sandbox/node-operations';
import { StatusError } from '@/lib/k8s/sandbox/errors';
import { requireSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';

const ACTIONS = ['add', 'remove', 'fail', 'recover', 'cordon', 'uncordon'] as const;
type Action = (typeof ACTIONS)[number];

/** Node operations on the learner's sandbox cluster: add, remove, fail, recover, cordon. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const session = requireSession(req);
    const body = await readJson<{ action?: unknown; node?: unknown }>(req, 1024);
    const action = body.action as Action;
    if (!ACTIONS.includes(action)) throw new LabError(400, `action: expected one of ${ACTIONS.join(', ')}`, 'BadRequest');
    const node = typeof body.node === 'string' ? body.node : '';
    if (action !== 'add' && !/^[a-z0-9-]{1,63}$/.test(node)) throw new LabError(400, 'node: expected a node name', 'BadRequest');
    const c = session.cluster;
    let name = node;
    try {
      switch (action) {
        case 'add':
          name = addNode(c);
          break;
        case 'remove':
          removeNode(c, node);
          break;
        case 'fail':
          failNode(c, node);
          break;
        case 'recover':
          recoverNode(c, node);
          break;
        case 'cordon':
        case 'uncordon':
          setCordoned(c, node, action === 'cordon');
          break;
      }
    } catch (e) {
      if (e instanceof NodeOperationError) throw new LabError(409, e.message, 'NodeOperation');
      if (e instanceof StatusError) throw new LabError(e.code, e.message, e.reason);
      throw e;
    }
    // Confirmed only once on disk (the sandbox store commits in groups).
    c.sync();
    return jsonResponse({ node: name });
  } catch (err) {
    return errorResponse(err);
  }
}
