/**
 * How a ClusterStream (cluster-stream.ts) reaches a cluster's API: a plain list of a collection
 * and a watch of it from a resourceVersion. Two transports carry the same requests: client-node
 * for a cluster from a kubeconfig (client-node-watch-transport.ts), and an in-process one for a
 * sandbox cluster on the thread it runs on (in-process-watch-transport.ts), so the bench's events
 * are made where the cluster lives and cross to the portal's thread as ready server-sent text.
 */
import type { ObjectLike } from './reducer';

export interface ListAnswer {
  resourceVersion: string;
  items: ObjectLike[];
}

/** A watch's event as the API server sends it: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR (a Status). */
export type WatchCallback = (phase: string, object: ObjectLike) => void;

/** How a watch ended: undefined when the server closed it normally; an error carries statusCode when the server answered one. */
export type WatchDone = (err: unknown) => void;

export interface WatchTransport {
  /** The collection at path (a plain JSON list), with query's parameters. Rejects with an error carrying statusCode when the server refused. */
  list(path: string, query: Record<string, string>): Promise<ListAnswer>;
  /** Watches path from resourceVersion; resolves with a handle to stop it (undefined when it could not start). */
  watch(path: string, query: Record<string, string>, onEvent: WatchCallback, done: WatchDone): Promise<{ abort(): void } | undefined>;
}
