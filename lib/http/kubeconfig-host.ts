/**
 * The host a downloaded kubeconfig names. X-Forwarded-Host is anyone's to write, so it counts
 * only behind a proxy the operator said to trust (KUBELAB_TRUST_PROXY=1); KUBELAB_PUBLIC_URL,
 * when set, wins over both, since it is the address learners were given.
 */
import { trustsProxy, type Env } from './secure-cookie';

export function kubeconfigHost(req: Request, url: URL, env: Env): string {
  if (env.KUBELAB_PUBLIC_URL) {
    try {
      return new URL(env.KUBELAB_PUBLIC_URL).host;
    } catch {
      // a malformed setting falls through to the request's own host
    }
  }
  const forwarded = trustsProxy(env) ? req.headers.get('x-forwarded-host')?.split(',')[0].trim() : undefined;
  return forwarded || req.headers.get('host') || url.host;
}
