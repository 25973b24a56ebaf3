/**
 * The WatchTransport (watch-transport.ts) of a sandbox cluster, on the thread the cluster runs
 * on: the same list and watch requests client-node sends, with the cluster's path and token,
 * handed to the sandbox host's own handler in process (in-process.ts). Authentication, the
 * watch's resourceVersion rules (410 Gone), bookmarks and buffer limits are the API server's,
 * as for kubectl; what goes away is client-node's fetch, its web streams and its line reader on
 * the portal's thread, for every event of every learner's bench.
 *
 * A watch's events come as values (the API server's WATCH_VALUES, watch-params.ts): no JSON
 * line is written and parsed back; a handler that writes lines anyway is read line by line.
 * The answers are the sandbox's own (its admission bounds every object's size and nesting), so
 * they are parsed without the depth scan getJson gives a foreign cluster's; their size is still
 * counted as they arrive.
 */
import { StringDecoder } from 'node:string_decoder';
import { serveInProcess, type InProcessHandler } from '../client/in-process';
import { statusMessage } from '../client/status-message';
import type { ObjectLike } from './reducer';
import type { ListAnswer, WatchTransport } from './watch-transport';

/** The most a list may weigh (as getJson's MAX_API_JSON_BYTES). */
export const MAX_IN_PROCESS_LIST_BYTES = 32 * 1024 * 1024;
/** The most one watch event may weigh (an object is at most 1.5 MiB; a Table or Status less). */
export const MAX_WATCH_LINE_BYTES = 4 * 1024 * 1024;

/** The cluster answered other than 2xx, or with something the stream will not read; statusCode as client-node's errors carry it. */
export class InProcessWatchError extends Error {
  constructor(readonly path: string, readonly statusCode: number | undefined, detail: string) {
    super(`GET ${path}: ${statusCode ? `${statusCode} ` : ''}${detail}`);
    this.name = 'InProcessWatchError';
  }
}

export interface InProcessCluster {
  /** The host's request handler (SandboxHost.handleRequest). */
  handle: InProcessHandler;
  /** The cluster's path prefix on the host (/k8s/<id>). */
  base: string;
  /** The cluster's token, sent as a bearer header as client-node sends it. */
  token: string;
}

export function inProcessWatchTransport(cluster: InProcessCluster): WatchTransport {
  const headers = { accept: 'application/json', authorization: `Bearer ${cluster.token}` };
  const url = (path: string, query?: Record<string, string>) => `${cluster.base}${path}${query ? `?${new URLSearchParams(query).toString()}` : ''}`;

  const list = (path: string, query: Record<string, string>): Promise<ListAnswer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      let status = 0;
      let refused = false;
      const abort = serveInProcess(cluster.handle, { method: 'GET', path: url(path, query), headers, body: undefined }, {
        onHeaders: (code) => {
          status = code;
          return true;
        },
        onData: (chunk) => {
          bytes += chunk.length;
          if (bytes > MAX_IN_PROCESS_LIST_BYTES) {
            refused = true;
            abort();
            reject(new InProcessWatchError(path, undefined, `the cluster's answer was refused: more than ${MAX_IN_PROCESS_LIST_BYTES} bytes`));
            return false;
          }
          chunks.push(chunk);
          return true;
        },
        onComplete: () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (status < 200 || status > 299) return reject(new InProcessWatchError(path, status, statusMessage(text)));
          try {
            const body = JSON.parse(text) as { metadata?: { resourceVersion?: string }; items?: ObjectLike[] };
            resolve({ resourceVersion: body.metadata?.resourceVersion ?? '', items: body.items ?? [] });
          } catch {
            reject(new InProcessWatchError(path, undefined, "the cluster's answer was refused: not JSON"));
          }
        },
        onError: (err) => {
          if (!refused) reject(err);
        },
      });
    });

  return {
    list,
    watch: async (path, query, onEvent, done) => {
      const decoder = new StringDecoder('utf8');
      let status = 0;
      let partial = '';
      let ended = false;
      const end = (err: unknown) => {
        if (ended) return;
        ended = true;
        done(err);
      };
      const lines = (text: string) => {
        partial += text;
        let nl = partial.indexOf('\n');
        while (nl >= 0) {
          const line = partial.slice(0, nl);
          partial = partial.slice(nl + 1);
          if (line.trim()) {
            const event = JSON.parse(line) as { type?: unknown; object?: ObjectLike };
            if (typeof event.type === 'string' && event.object) onEvent(event.type, event.object);
          }
          if (ended) return;
          nl = partial.indexOf('\n');
        }
        if (partial.length > MAX_WATCH_LINE_BYTES) throw new InProcessWatchError(path, undefined, `a watch event of more than ${MAX_WATCH_LINE_BYTES} bytes`);
      };
      // The events come as values (no JSON line to write and parse back); an error comes as text.
      const watchValues = (type: string, object: unknown) => {
        if (!ended && object && typeof object === 'object') onEvent(type, object as ObjectLike);
      };
      const abort = serveInProcess(cluster.handle, { method: 'GET', path: url(path, { ...query, watch: 'true' }), headers, body: undefined, watchValues }, {
        onHeaders: (code) => {
          status = code;
          return true;
        },
        onData: (chunk) => {
          if (ended) return false;
          if (status < 200 || status > 299) {
            // An error Status: read it whole (bounded) for its message.
            partial += decoder.write(chunk);
            if (partial.length > MAX_WATCH_LINE_BYTES) partial = partial.slice(0, MAX_WATCH_LINE_BYTES);
            return true;
          }
          try {
            lines(decoder.write(chunk));
          } catch (e) {
            abort();
            end(e instanceof InProcessWatchError ? e : new InProcessWatchError(path, undefined, "the cluster's answer was refused: not JSON"));
            return false;
          }
          return true;
        },
        onComplete: () => {
          if (status < 200 || status > 299) return end(new InProcessWatchError(path, status, statusMessage(partial + decoder.end())));
          end(null);
        },
        onError: (err) => end(err),
      });
      return {
        abort: () => {
          ended = true;
          abort();
        },
      };
    },
  };
}
