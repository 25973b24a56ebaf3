/**
 * Opens a named stream (front.ts ClusterStreams) on a cluster of the host in this thread: woken,
 * reached through the host's own handler with the cluster's path and token. Both fronts use it:
 * the local front for the portal's thread, the worker side for its worker. Once stopped, the
 * stream's next chunk throws, which stops it from inside too.
 */
import { clusterPath, type SandboxHost } from '../host';
import { UnknownClusterOperationError, type ClusterOperation, type ClusterStreams } from './front';

export function openHostStream(host: SandboxHost, streams: ClusterStreams | undefined, id: string, stream: ClusterOperation, deliver: (chunk: Uint8Array) => void): () => void {
  if (!streams) throw new UnknownClusterOperationError(stream.op);
  const { record } = host.wake(id);
  let stopped = false;
  const stop = streams({ handle: (req, res) => host.handleRequest(req, res), base: clusterPath(id), token: record.token }, stream, (chunk) => {
    if (stopped) throw new Error('the stream was stopped');
    deliver(chunk);
  });
  return () => {
    stopped = true;
    stop();
  };
}
