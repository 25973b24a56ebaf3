/**
 * Which root paths are Kubernetes API paths. kubectl `get --raw`, `kubectl proxy` and other clients
 * drop the server URL's path, so a cluster is also served at the root, but only for these paths and
 * only with its bearer token: the portal's own pages and routes live at the root too (/, /learn,
 * /_next, /api/lab, /api/classes ...). `/api` collides with Next's /api/<name>: only the core
 * group's shapes (`/api` itself and `/api/v<N>/...`) are Kubernetes paths.
 */
const KUBERNETES_ROOT = /^\/(?:api\/?|api\/v\d+(?:\/.*)?|apis(?:\/.*)?|version\/?|openapi\/.+|healthz(?:\/.*)?|livez(?:\/.*)?|readyz(?:\/.*)?|metrics)$/;

export function isKubernetesRootPath(pathname: string): boolean {
  return KUBERNETES_ROOT.test(pathname);
}

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization || !/^bearer /i.test(authorization)) return undefined;
  const token = authorization.slice(7).trim();
  return token === '' ? undefined : token;
}
