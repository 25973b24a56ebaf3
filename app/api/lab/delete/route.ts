import { MAX_MANIFEST_BYTES } from '@/lib/k8s/manifests/parse';
import { requireSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';

/** Deletes the objects the editor's YAML names, where the learner's cluster lives. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    // The delete call wakes the cluster where it lives: no separate wake first.
    const session = await requireSession(req, { wake: false });
    const body = await readJson<{ yaml?: unknown }>(req, MAX_MANIFEST_BYTES + 4096);
    if (typeof body.yaml !== 'string') throw new LabError(400, 'yaml: expected the manifest text', 'BadRequest');
    return jsonResponse({ results: await session.cluster.deleteManifests(body.yaml, { namespace: session.namespace }) });
  } catch (err) {
    return errorResponse(err);
  }
}
