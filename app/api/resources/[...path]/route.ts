import { readResource, ResourcePathError } from '@/lib/content/resources';

/** Serves a resource-library file for download; nothing outside that folder. */
export async function GET(_req: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const rel = (await params).path.join('/');
  try {
    const text = readResource(rel);
    return new Response(text, {
      headers: {
        'content-type': rel.endsWith('.md') ? 'text/markdown; charset=utf-8' : 'application/yaml; charset=utf-8',
        'content-disposition': `attachment; filename="${rel.split('/').pop()}"`,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (err) {
    if (err instanceof ResourcePathError) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
    throw err;
  }
}
