/**
 * A GET of a Kubernetes API path through client-node's own transport: its authentication and
 * dispatcher (the in-process one for the sandbox, TLS for a real cluster), with our own reading of
 * the answer. getJson (lists as plain JSON) and the bench's logs (a stream that ends cleanly on
 * abort) both start here.
 */
import * as k8s from '@kubernetes/client-node';
import { readBounded } from '../../bytes/read-bounded';

const transport = new k8s.IsomorphicFetchHttpLibrary();

export async function sendGet(kc: k8s.KubeConfig, path: string, opts: { accept: string; signal?: AbortSignal }): Promise<k8s.ResponseContext> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig names no current cluster');
  const ctx = new k8s.RequestContext(cluster.server + path, k8s.HttpMethod.GET);
  ctx.setHeaderParam('Accept', opts.accept);
  await kc.applySecurityAuthentication(ctx);
  if (opts.signal) ctx.setSignal(opts.signal);
  return transport.send(ctx).toPromise();
}

/** The answer's body as text, counted as it streams: StreamTooLargeError (read-bounded.ts) past maxBytes. */
export async function boundedText(res: k8s.ResponseContext, maxBytes: number): Promise<string> {
  const stream = res.body.stream() as ReadableStream<Uint8Array> | null;
  return stream ? new TextDecoder().decode(await readBounded(stream, maxBytes)) : '';
}
