/** The address the portal prints in links: KUBELAB_PUBLIC_URL when set, else this machine on PORT. */
import type { Env } from './secure-cookie';

export function portalBaseUrl(env: Env): string {
  if (env.KUBELAB_PUBLIC_URL) return env.KUBELAB_PUBLIC_URL.replace(/\/+$/, '');
  return `http://localhost:${env.PORT ?? 3000}`;
}
