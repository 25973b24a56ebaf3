import { deleteManifests } from '@/lib/k8s/client/apply';
import { MAX_MANIFEST_BYTES } from '@/lib/k8s/manifests/parse';
import { requireSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';

/** Deletes the objects the editor's YAML names. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const session = await requireSession(req);
    const body = await readJson<{ yaml?: unknown }>(req, MAX_MANIFEST_BYTES + 4096);
    if (typeof body.yaml !== 'string') throw new LabError(400, 'yaml: expected the manifest text', 'BadRequest');
    return jsonResponse({ results: await deleteManifests(session.kc, body.yaml, { namespace: session.namespace }) });
  } catch (err) {
    return errorResponse(err);
  }
}
