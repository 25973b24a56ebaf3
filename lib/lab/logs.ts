/**
 * Container logs for the bench, through client-node's Log (the same pods/log endpoint kubectl
 * logs uses), as a web stream of text: follow, previous, tail.
 */
import { Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { apiFailure } from '../k8s/client/api-errors';
import { LabError } from './errors';

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  previous: boolean;
  tailLines?: number;
}

const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function parseLogRequest(url: URL, namespace: string): LogRequest {
  const q = url.searchParams;
  const pod = q.get('pod') ?? '';
  const container = q.get('container') ?? '';
  if (!NAME.test(pod)) throw new LabError(400, 'pod: expected a pod name', 'BadRequest');
  if (!NAME.test(container)) throw new LabError(400, 'container: expected a container name', 'BadRequest');
  const tail = q.get('tailLines');
  const tailLines = tail === null ? undefined : Number(tail);
  if (tailLines !== undefined && (!Number.isInteger(tailLines) || tailLines < 0 || tailLines > 10_000)) throw new LabError(400, 'tailLines: expected 0 to 10000', 'BadRequest');
  return { namespace, pod, container, follow: q.get('follow') === '1', previous: q.get('previous') === '1', tailLines };
}

async function explainLogFailure(kc: k8s.KubeConfig, r: LogRequest): Promise<unknown> {
  await kc.makeApiClient(k8s.CoreV1Api).readNamespacedPodLog({ name: r.pod, namespace: r.namespace, container: r.container, previous: r.previous, tailLines: 1 });
  return undefined;
}

/** Streams the log as text; a failure before the first byte becomes a LabError with the API server's message. */
export async function logStream(kc: k8s.KubeConfig, r: LogRequest, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => { controller = c; } });
  const close = () => {
    try {
      controller.close();
    } catch {
      // already closed
    }
  };
  // client-node pipes the response into this Writable and ends it with the log.
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      try {
        controller.enqueue(new Uint8Array(chunk));
      } catch {
        // reader gone
      }
      cb();
    },
    final(cb) {
      close();
      cb();
    },
  });
  sink.on('error', close);
  try {
    const abort = await new k8s.Log(kc).log(r.namespace, r.pod, r.container, sink, { follow: r.follow, previous: r.previous, tailLines: r.tailLines, timestamps: false });
    signal.addEventListener('abort', () => abort.abort(), { once: true });
  } catch (e) {
    // client-node's Log drops the API server's Status for 4xx answers ("Error occurred in log
    // request"); ask once more through the typed client, which keeps it, for the real reason.
    const f = apiFailure(await explainLogFailure(kc, r).catch((again: unknown) => again) ?? e);
    throw new LabError(f.code >= 400 && f.code < 600 ? f.code : 502, f.message, 'LogUnavailable');
  }
  return body;
}
