import { MAX_MANIFEST_BYTES } from '@/lib/k8s/manifests/parse';
import { requireSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';

/**
 * Applies (or, with dryRun, diffs) the editor's YAML to the learner's cluster, per document,
 * where the cluster lives: one call to its sandbox worker instead of a round trip per request.
 */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    // The apply call wakes the cluster where it lives: no separate wake first.
    const session = await requireSession(req, { wake: false });
    const body = await readJson<{ yaml?: unknown; dryRun?: unknown }>(req, MAX_MANIFEST_BYTES + 4096);
    if (typeof body.yaml !== 'string') throw new LabError(400, 'yaml: expected the manifest text', 'BadRequest');
    const results = await session.cluster.apply(body.yaml, { dryRun: body.dryRun === true, namespace: session.namespace });
    return jsonResponse({ results });
  } catch (err) {
    return errorResponse(err);
  }
}
