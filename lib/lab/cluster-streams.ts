/**
 * The portal's named streams, run where a sandbox cluster lives (the SandboxFront's stream; the
 * composition root gives them to each worker and to the local front, as cluster-operations.ts):
 *
 * - `events`: the lab bench's stream (and the instructor's read-only inspect view), as
 *   server-sent event text (cluster-events-sse.ts) over the cluster's own API in process.
 *
 * The arguments crossed a thread from a route: they are checked here again.
 */
import { UnknownClusterOperationError, type ClusterOperation, type ClusterStreams, type InProcessClusterApi } from '../k8s/sandbox';
import { clusterEventsSse } from '../k8s/watch/cluster-events-sse';
import { decodeCursor, encodeCursor, type Cursor } from '../k8s/watch/cluster-stream';
import { inProcessWatchTransport } from '../k8s/watch/in-process-watch-transport';

/** What the events stream is opened with. */
export interface EventsStream extends ClusterOperation {
  op: 'events';
  namespace: string;
  /** The resourceVersions the browser holds (decoded from its Last-Event-ID). */
  resume?: Cursor;
}

/** A namespace name as the API server accepts one (RFC 1123 label). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A stream's arguments that no route sends. */
export class StreamArgumentError extends Error {
  constructor(readonly op: string, detail: string) {
    super(`stream ${op}: ${detail}`);
    this.name = 'StreamArgumentError';
  }
}

export function eventsStream(namespace: string, resume: Cursor | undefined): EventsStream {
  return { op: 'events', namespace, resume };
}

function openEvents(api: InProcessClusterApi, stream: ClusterOperation, out: (chunk: Uint8Array) => void): () => void {
  const namespace = stream.namespace;
  if (typeof namespace !== 'string' || !NAMESPACE.test(namespace)) throw new StreamArgumentError('events', 'namespace must be a namespace name');
  // Through the cursor's own codec, so only resourceVersions of watched resources remain.
  const resume = stream.resume && typeof stream.resume === 'object' ? decodeCursor(encodeCursor(stream.resume as Cursor)) : undefined;
  return clusterEventsSse({ transport: inProcessWatchTransport(api), namespace, resume, out }).close;
}

export const clusterStreams: ClusterStreams = (api, stream, out) => {
  switch (stream.op) {
    case 'events':
      return openEvents(api, stream, out);
    default:
      throw new UnknownClusterOperationError(stream.op);
  }
};
