import { kubeconfigYaml } from '@/lib/k8s/sandbox';
import { portalContext } from '@/lib/portal/context';
import { requireSession } from '@/lib/lab/session';
import { errorResponse } from '@/lib/lab/request';
import { kubeconfigHost } from '@/lib/http/kubeconfig-host';

/** A kubeconfig for the learner's own kubectl, pointing at this portal's host. */
export async function GET(req: Request) {
  try {
    const session = await requireSession(req, { rateLimited: false });
    const url = new URL(req.url);
    // When the port speaks TLS, kubectl sends its token over https and reaches the root paths.
    const tls = portalContext().host.kubeconfigTls();
    const base = `${tls ? 'https:' : url.protocol}//${kubeconfigHost(req, url, process.env)}`;
    return new Response(kubeconfigYaml(session.serverUrl(base), session.token, 'kubelab', tls), {
      headers: { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': 'attachment; filename="kubelab-kubeconfig.yaml"', 'cache-control': 'no-store' },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
