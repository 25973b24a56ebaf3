/**
 * Container logs for the bench, from the same pods/log endpoint kubectl logs uses (through
 * client-node's transport and authentication), as a web stream of text: follow, previous, tail.
 */
import type * as k8s from '@kubernetes/client-node';
import { boundedText, sendGet } from '../k8s/client/api-get';
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

/** The most of a refusal's body read for its message (a Status is a few hundred bytes). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Where kubectl logs reads: pods/log with its query. */
function logPath(r: LogRequest): string {
  const q = new URLSearchParams({ container: r.container });
  if (r.follow) q.set('follow', 'true');
  if (r.previous) q.set('previous', 'true');
  if (r.tailLines !== undefined) q.set('tailLines', String(r.tailLines));
  return `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}/log?${q}`;
}

/**
 * Streams the log as text; a failure before the first byte becomes a LabError with the API
 * server's message. The request is our own rather than client-node's Log: that one pipes the
 * response into a Node stream with no error listener, so a follow the learner closes (the abort)
 * became an uncaught exception in the portal. Here an abort or a broken answer ends the stream.
 */
export async function logStream(kc: k8s.KubeConfig, r: LogRequest, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  let res: k8s.ResponseContext;
  try {
    res = await sendGet(kc, logPath(r), { accept: '*/*', signal: abort.signal });
  } catch (e) {
    signal.removeEventListener('abort', stop);
    throw new LabError(502, `the log could not be read: ${e instanceof Error ? e.message : String(e)}`, 'LogUnavailable');
  }
  if (res.httpStatusCode !== 200) {
    signal.removeEventListener('abort', stop);
    // The refusal's body is an answer like any other: read up to a bound, never whole.
    const body = await boundedText(res, MAX_ERROR_BODY_BYTES).catch(() => '');
    const f = apiFailure({ code: res.httpStatusCode, body, message: `the cluster refused the log (HTTP ${res.httpStatusCode})` });
    throw new LabError(f.code >= 400 && f.code < 600 ? f.code : 502, f.message, 'LogUnavailable');
  }
  const source = (res.body.stream() as ReadableStream<Uint8Array> | null)?.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = source ? await source.read() : { done: true as const, value: undefined };
        if (next.done) {
          signal.removeEventListener('abort', stop);
          controller.close();
        } else controller.enqueue(next.value);
      } catch {
        // Aborted (the learner closed the view) or the answer broke off: the log ends here.
        signal.removeEventListener('abort', stop);
        try {
          controller.close();
        } catch {
          // already closed
        }
      }
    },
    cancel() {
      stop();
      signal.removeEventListener('abort', stop);
      return source?.cancel().catch(() => undefined);
    },
  });
}
