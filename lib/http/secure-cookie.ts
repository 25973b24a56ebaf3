/**
 * Whether cookies the portal issues get `Secure`: when the portal's public address is https
 * (KUBELAB_PUBLIC_URL), or when a TLS proxy we were told to trust (KUBELAB_TRUST_PROXY=1) says
 * the browser spoke https to it. Without that trust, X-Forwarded-Proto is anyone's to write.
 */
export type Env = Record<string, string | undefined>;

export function trustsProxy(env: Env): boolean {
  return env.KUBELAB_TRUST_PROXY === '1';
}

export function cookieIsSecure(forwardedProto: string | null | undefined, env: Env): boolean {
  if (env.KUBELAB_PUBLIC_URL?.toLowerCase().startsWith('https://')) return true;
  if (!trustsProxy(env) || !forwardedProto) return false;
  // A chain of proxies lists one protocol each; the first is what the browser used.
  return forwardedProto.split(',')[0].trim().toLowerCase() === 'https';
}
