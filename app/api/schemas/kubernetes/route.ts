import { createHash } from 'node:crypto';
import { editorSchemaJson } from '@/lib/k8s/schemas/editor-schema';

/** The editor's Kubernetes schema, from our own server (never a schema download). */
export async function GET(req: Request) {
  const body = editorSchemaJson();
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  if (req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
  return new Response(body, { headers: { 'content-type': 'application/schema+json', etag, 'cache-control': 'public, max-age=3600' } });
}
