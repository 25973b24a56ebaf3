/**
 * The WatchTransport (watch-transport.ts) of a sandbox cluster, on the thread the cluster runs
 * on: the same list and watch requests client-node sends, with the cluster's path and token,
 * handed to the sandbox host's own handler in process (in-process.ts). Authentication, the
 * watch's resourceVersion rules (410 Gone), bookmarks and buffer limits are the API server's,
 * as for kubectl; what goes away is client-node's fetch, its web streams and its line reader on
 * the portal's thread, for every event of every learner's bench.
 *
 * A watch's events come as values (the API server's WATCH_VALUES, watch-params.ts): no JSON
 * line is written and parsed back; only a refusal comes as text (a Status). So do the lists
 * (LIST_VALUES), which the stream asks without managedFields; the items are the stored versions
 * the API server would have serialised, bounded by the cluster's own limits (its admission
 * bounds every object's size and nesting, its budget their number). A list answered as text
 * (another path of the API server) is parsed without the depth scan getJson gives a foreign
 * cluster's, and its size is counted as it arrives.
 */
import { answerText, InProcessAnswerTooLargeError, serveInProcess, type InProcessHandler } from '../client/in-process';
import { statusMessage } from '../client/status-message';
import type { ObjectLike } from './reducer';
import type { ListAnswer, WatchTransport } from './watch-transport';

/** The most a list may weigh (as getJson's MAX_API_JSON_BYTES). */
export const MAX_IN_PROCESS_LIST_BYTES = 32 * 1024 * 1024;
/** The most of a watch's refusal read for its message. */
const MAX_REFUSAL_BYTES = 64 * 1024;

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

  const list = async (path: string, query: Record<string, string>): Promise<ListAnswer> => {
    let answer: { status: number; text: string };
    // The sandbox hands a list without managedFields over as values; any other answer comes as text.
    let values: { resourceVersion: string; items: readonly unknown[] } | undefined;
    try {
      // A stream's opening lists take the list lane on a sandbox worker: below Apply and its first pods.
      answer = await answerText(cluster.handle, { method: 'GET', path: url(path, query), headers, body: undefined, lane: 'list', listValues: (v) => (values = v) }, MAX_IN_PROCESS_LIST_BYTES);
    } catch (e) {
      if (e instanceof InProcessAnswerTooLargeError) throw new InProcessWatchError(path, undefined, `the cluster's answer was refused: more than ${MAX_IN_PROCESS_LIST_BYTES} bytes`);
      throw e;
    }
    if (answer.status < 200 || answer.status > 299) throw new InProcessWatchError(path, answer.status, statusMessage(answer.text));
    if (values) return { resourceVersion: values.resourceVersion, items: values.items as ObjectLike[] };
    let body: { metadata?: { resourceVersion?: string }; items?: ObjectLike[] };
    try {
      body = JSON.parse(answer.text) as typeof body;
    } catch {
      throw new InProcessWatchError(path, undefined, "the cluster's answer was refused: not JSON");
    }
    return { resourceVersion: body.metadata?.resourceVersion ?? '', items: body.items ?? [] };
  };

  return {
    list,
    watch: async (path, query, onEvent, done) => {
      let status = 0;
      let refusal = '';
      let ended = false;
      const end = (err: unknown) => {
        if (ended) return;
        ended = true;
        done(err);
      };
      // The events come as values; only a refusal (a Status) comes as bytes.
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
          if (refusal.length < MAX_REFUSAL_BYTES) refusal += chunk.toString('utf8');
          return true;
        },
        onComplete: () => end(status < 200 || status > 299 ? new InProcessWatchError(path, status, statusMessage(refusal)) : null),
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
