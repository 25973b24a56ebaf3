/**
 * A GET of a Kubernetes API path answered as plain JSON, through client-node's own transport
 * (its authentication and dispatcher: the in-process one for the sandbox, TLS for a real
 * cluster). For readers that only want the JSON: client-node's typed APIs turn every object of
 * a list into model classes field by field (ObjectSerializer.deserialize), which was the portal
 * thread's largest cost of a class opening its benches (scripts/bench/class-capacity.mjs capacity).
 */
import * as k8s from '@kubernetes/client-node';

/** The API server answered a GET with something other than 2xx; statusCode as client-node's errors carry it. */
export class ApiGetError extends Error {
  constructor(readonly path: string, readonly statusCode: number, readonly body: string) {
    super(`GET ${path}: ${statusCode} ${apiMessage(body)}`);
    this.name = 'ApiGetError';
  }
}

function apiMessage(body: string): string {
  try {
    const status = JSON.parse(body) as { message?: unknown };
    if (typeof status.message === 'string') return status.message;
  } catch {
    // not a Status
  }
  return body.slice(0, 200);
}

const transport = new k8s.IsomorphicFetchHttpLibrary();

export async function getJson<T>(kc: k8s.KubeConfig, path: string): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig names no current cluster');
  const ctx = new k8s.RequestContext(cluster.server + path, k8s.HttpMethod.GET);
  ctx.setHeaderParam('Accept', 'application/json');
  await kc.applySecurityAuthentication(ctx);
  const res = await transport.send(ctx).toPromise();
  const text = await res.body.text();
  if (res.httpStatusCode < 200 || res.httpStatusCode > 299) throw new ApiGetError(path, res.httpStatusCode, text);
  return JSON.parse(text) as T;
}
