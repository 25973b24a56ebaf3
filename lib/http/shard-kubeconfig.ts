/**
 * Where a learner's downloaded kubeconfig points. On one machine: this port, over https with the
 * port's own certificate pinned when it speaks TLS (the bearer token then reaches the Kubernetes
 * root paths too). Behind an ingress in front of shards that is wrong twice: a bare host names no
 * cluster, so the ingress cannot hash it to the learner's shard (kubectl sends no cookie), and
 * the pinned certificate is one shard's, not the ingress's. So a shard's kubeconfig names the
 * cluster in the path, `/k8s/<id>` (the id carries the learner's shard key: shard-key.ts), with
 * the token as a bearer header over https or in the path over http, the public scheme (the
 * ingress's), and no pinned certificate: kubectl trusts the ingress's as the system does.
 * `kubectl get --raw` and `kubectl proxy`, which drop the server URL's path, do not reach a
 * sharded portal's clusters (deploy/README.md).
 */
import { clusterServerURL, type KubeconfigTls } from '../k8s/sandbox';
import { kubeconfigHost } from './kubeconfig-host';
import { cookieIsSecure, type Env } from './secure-cookie';

export interface KubeconfigTarget {
  server: string;
  /** The certificate to pin; undefined: none (http, or the system's trust for an ingress's https). */
  tls?: KubeconfigTls;
}

/** Whether the portal runs as one of several shards (as shard-header.ts decides). */
export function runsAsShard(env: Env): boolean {
  return Boolean(env.KUBELAB_SHARD_ID?.trim() || env.KUBELAB_DATABASE_URL?.trim());
}

export function kubeconfigTarget(req: Request, env: Env, cluster: { id: string; token: string }, portTls: KubeconfigTls | undefined): KubeconfigTarget {
  const url = new URL(req.url);
  const host = kubeconfigHost(req, url, env);
  if (!runsAsShard(env)) {
    return { server: clusterServerURL(`${portTls ? 'https:' : url.protocol}//${host}`, cluster), tls: portTls };
  }
  const https = cookieIsSecure(req.headers.get('x-forwarded-proto'), env) || url.protocol === 'https:';
  const base = `${https ? 'https' : 'http'}://${host}/k8s/${cluster.id}`;
  return { server: https ? base : `${base}/token-${cluster.token}` };
}
