import { kubeconfigYaml } from '@/lib/k8s/sandbox';
import { portalContext } from '@/lib/portal/context';
import { requireSession } from '@/lib/lab/session';
import { errorResponse } from '@/lib/lab/request';
import { kubeconfigTarget } from '@/lib/http/shard-kubeconfig';

/** A kubeconfig for the learner's own kubectl, pointing at this portal's host. */
export async function GET(req: Request) {
  try {
    const session = await requireSession(req, { rateLimited: false });
    // When the port speaks TLS, kubectl sends its token over https and reaches the root paths;
    // a shard's names the cluster in the path, for the ingress's hash (shard-kubeconfig.ts).
    const target = kubeconfigTarget(req, process.env, { id: session.clusterId, token: session.token }, portalContext().host.kubeconfigTls());
    return new Response(kubeconfigYaml(target.server, session.token, 'kubelab', target.tls), {
      headers: { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': 'attachment; filename="kubelab-kubeconfig.yaml"', 'cache-control': 'no-store' },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
