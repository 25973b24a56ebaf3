/**
 * An observer for Try-its whose outcome is in a container's log, not in any object's status (the
 * ambassador's forwarded call, the adapter's reshaped line). The bench reads the log the way
 * `kubectl logs --tail=N` does, through the lab's logs route (the pods/log endpoint of the
 * learner's cluster), bounded in lines and bytes; `observeLog` then reads the answer from that text.
 */
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import type { Observation } from './observe';
import { concatBytes } from '../bytes/concat-bytes';

/** One possible outcome: the value it stands for, and text a log line holds when it happened. */
export interface LogAnswer {
  value: string;
  contains: string;
}

export interface LogObserver {
  kind: 'container-log';
  pod: string;
  container: string;
  /** Checked in order: the first whose text appears in the log is the observed value. */
  answers: LogAnswer[];
}

export function isLogObserver(o: { kind: string }): o is LogObserver {
  return o.kind === 'container-log';
}

/** The lines asked for (`tailLines`) and the bytes kept of the response, whichever is smaller. */
export const LOG_TAIL_LINES = 50;
export const LOG_MAX_BYTES = 16_384;

export class ContainerLogError extends Error {
  constructor(readonly pod: string, readonly container: string, readonly status: number, reason: string) {
    super(`log of container ${container} in pod ${pod} unavailable (${status}): ${reason}`);
    this.name = 'ContainerLogError';
  }
}

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/**
 * The last `LOG_TAIL_LINES` lines of the container's log, at most `LOG_MAX_BYTES` of them (the
 * newest kept, cut at a line start). The route streams; reading stops at the byte bound.
 */
export async function readContainerLog(
  pod: string,
  container: string,
  opts: { fetch?: FetchLike; url?: string; signal?: AbortSignal } = {},
): Promise<string> {
  const fetchLog = opts.fetch ?? ((url, init) => fetch(url, init));
  const params = new URLSearchParams({ pod, container, tailLines: String(LOG_TAIL_LINES) });
  const res = await fetchLog(`${opts.url ?? '/api/lab/logs'}?${params}`, { signal: opts.signal });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ContainerLogError(pod, container, res.status, body.message ?? 'no body');
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= LOG_MAX_BYTES) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(concatBytes(chunks, size));
  return boundedTail(text, LOG_MAX_BYTES);
}

/** The end of `text` within `maxBytes` (counted as UTF-16 units, close enough for a bound), from a line start. */
export function boundedTail(text: string, maxBytes: number): string {
  if (text.length <= maxBytes) return text;
  const cut = text.slice(text.length - maxBytes);
  const nl = cut.indexOf('\n');
  return nl < 0 ? cut : cut.slice(nl + 1);
}

type ContainerStatus = { name: string; state?: { running?: unknown; terminated?: unknown; waiting?: { reason?: string } } };

function find(state: ClusterState, name: string): ObjectLike | undefined {
  return Object.values(state.pods?.items ?? {}).find((o) => o.metadata?.name === name);
}

/** Whether the container has started at least once, so it has a log to read. */
export function containerStarted(state: ClusterState, pod: string, container: string): boolean {
  const p = find(state, pod);
  const statuses = [...((p?.status as { initContainerStatuses?: ContainerStatus[] } | undefined)?.initContainerStatuses ?? []), ...((p?.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses ?? [])];
  const s = statuses.find((c) => c.name === container);
  return Boolean(s?.state?.running || s?.state?.terminated);
}

function lastLine(log: string): string {
  const lines = log.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? '';
}

/** Reads the answer from the container's log (`undefined` while it has not been read yet). */
export function observeLog(observer: LogObserver, state: ClusterState, log: string | undefined): Observation {
  if (!find(state, observer.pod)) return { settled: false, detail: `Waiting for pod ${observer.pod} to appear in your cluster…` };
  if (!containerStarted(state, observer.pod, observer.container)) return { settled: false, detail: `Container ${observer.container} has not started yet…` };
  if (log === undefined || log.trim() === '') return { settled: false, detail: `Container ${observer.container} has printed nothing yet…` };
  const lines = log.split('\n');
  for (const answer of observer.answers) {
    const line = lines.find((l) => l.includes(answer.contains));
    if (line !== undefined) return { settled: true, value: answer.value, detail: `${observer.container}'s log: ${line.trim()}` };
  }
  return { settled: false, detail: `${observer.container}'s log so far ends with: ${lastLine(log)}` };
}
