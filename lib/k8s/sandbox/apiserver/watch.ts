/**
 * Watch over HTTP: chunked newline-delimited JSON `{type, object}` events, Table events for
 * `as=Table`, initial ADDED events when no resourceVersion is given, BOOKMARKs on a wall-clock
 * interval (client-node drops a watch after 30 s of silence) and timeoutSeconds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceDef } from '../registry';
import type { KubeObject, WatchEvent } from '../types';
import type { StorePort } from './ports';
import type { ClockPort } from '../core/clock-port';
import { eventForClientClock } from './client-clock';
import { partialObjectMetadata, renderingFor, toTable } from './table';
import { apiVersionOf } from '../registry';
import { OMIT_MANAGED_FIELDS_PARAM, WATCH_VALUES, type WatchValueSink } from './watch-params';

export interface WatchLimits {
  maxWatches: number;
  /**
   * Bytes one watch connection may have waiting for a client that does not read; past it the
   * watch is ended (the API server's watch cache drops an unresponsive watcher the same way),
   * and the client lists and watches again.
   */
  maxWatchBufferBytes?: number;
}

export const BOOKMARK_INTERVAL_MS = 10_000;
/** Real API servers pick 30-60 min; one hour caps idle connections the same way. */
export const MAX_WATCH_SECONDS = 3600;

export interface ServeWatchArgs {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  def: ResourceDef;
  namespace: string | undefined;
  store: StorePort;
  clock: ClockPort;
  onClose(): void;
  /** WatchLimits.maxWatchBufferBytes (default: unbounded). */
  maxBufferBytes?: number;
  /** For events: how far to move their times back for this client (client-clock.ts), read per event. */
  clientClockAheadMs?: () => number;
}

export function serveWatch(a: ServeWatchArgs): void {
  const { res, query, def, store } = a;
  const rendering = renderingFor(a.req.headers.accept);
  const includeObject = query.get('includeObject') ?? undefined;
  let sentHeaders = false;
  let closed = false;
  let lastRv = query.get('resourceVersion') || store.resourceVersion();
  // This watcher only serialises what it is given: with a store that can finish a version's
  // managedFields in place, it takes the stored frozen versions (a shared watch) instead of a
  // deep copy of every object written, which a class applying together paid for every event.
  const finished = store.finished?.bind(store);
  // Tables keep their usual form: the parameter is for plain objects (json and metadata).
  const omitManagedFields = query.get(OMIT_MANAGED_FIELDS_PARAM) === 'true' && rendering !== 'table';

  const valueOf = (e: WatchEvent): { type: string; object: unknown } => {
    let object: unknown = e.object;
    if (omitManagedFields && e.type !== 'BOOKMARK' && e.type !== 'ERROR') object = withoutManagedFields(e.object);
    else if (finished && e.type !== 'BOOKMARK' && e.type !== 'ERROR') object = finished(e.object);
    if (e.type === 'BOOKMARK') {
      object = rendering === 'table'
        ? { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: e.object.metadata.resourceVersion }, rows: [] }
        : e.object;
    } else if (e.type !== 'ERROR') {
      const version = object as KubeObject;
      if (rendering === 'table') {
        object = toTable(def, [version], a.clock.now(), { includeObject, noHeaders: sentHeaders, resourceVersion: version.metadata.resourceVersion });
        sentHeaders = true;
      } else if (rendering === 'metadata') {
        object = partialObjectMetadata(version);
      } else if (a.clientClockAheadMs) {
        object = eventForClientClock(version, a.clientClockAheadMs());
      }
    }
    return { type: e.type, object };
  };
  // An in-process caller that takes the events as values (watch-params.ts WATCH_VALUES).
  const values = (res as unknown as { [WATCH_VALUES]?: WatchValueSink })[WATCH_VALUES];

  const send = (e: WatchEvent) => {
    if (closed) return;
    if (e.object?.metadata?.resourceVersion) lastRv = e.object.metadata.resourceVersion;
    if (values) {
      const v = valueOf(e);
      values(v.type, v.object);
      return;
    }
    res.write(`${JSON.stringify(valueOf(e))}\n`);
    if (live && a.maxBufferBytes !== undefined && res.writableLength > initialBytes + a.maxBufferBytes) finish();
  };
  // The initial list (bounded by the object cap) may fill the buffer at once; only live events
  // beyond it count against maxBufferBytes.
  let live = false;
  let initialBytes = 0;

  const startRv = query.get('resourceVersion') ?? '';
  const labelSelector = query.get('labelSelector') ?? undefined;
  const fieldSelector = query.get('fieldSelector') ?? undefined;
  const sendInitial = query.get('sendInitialEvents') === 'true';

  // Resolve the start before writing headers so a 410 Expired is a plain Status response.
  let handle: { close(): void };
  const pending: WatchEvent[] = [];
  let replaying = true;
  const onEvent = (e: WatchEvent) => (replaying ? pending.push(e) : send(e));
  if (startRv === '' || startRv === '0' || sendInitial) {
    const listed = store.list({ group: def.group, resource: def.plural }, { namespace: a.namespace, labelSelector, fieldSelector });
    handle = store.watch({ group: def.group, resource: def.plural }, { namespace: a.namespace, labelSelector, fieldSelector, resourceVersion: listed.resourceVersion, shared: Boolean(finished) }, onEvent);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    for (const item of listed.items) send({ type: 'ADDED', object: item });
    lastRv = listed.resourceVersion;
    if (sendInitial) send({ type: 'BOOKMARK', object: bookmarkObject(def, listed.resourceVersion, true) });
  } else {
    handle = store.watch({ group: def.group, resource: def.plural }, { namespace: a.namespace, labelSelector, fieldSelector, resourceVersion: startRv, allowWatchBookmarks: true, shared: Boolean(finished) }, onEvent);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  }
  replaying = false;
  for (const e of pending.splice(0)) send(e);
  res.flushHeaders?.();

  const bookmarks = setInterval(() => send({ type: 'BOOKMARK', object: bookmarkObject(def, lastRv, false) }), BOOKMARK_INTERVAL_MS);
  const timeoutSeconds = Math.min(Number(query.get('timeoutSeconds') ?? MAX_WATCH_SECONDS) || MAX_WATCH_SECONDS, MAX_WATCH_SECONDS);
  const timeout = setTimeout(() => finish(), timeoutSeconds * 1000);
  initialBytes = res.writableLength;
  live = true;

  function finish(): void {
    if (closed) return;
    closed = true;
    clearInterval(bookmarks);
    clearTimeout(timeout);
    handle.close();
    a.onClose();
    res.end();
  }
  a.req.on('close', finish);
  res.on('close', finish);
}

/**
 * The object without metadata.managedFields: a deferred version (stored without them) is sent
 * as it is, without finishing; a version that has them gets a shallow copy without them.
 */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (obj.metadata?.managedFields === undefined) return obj;
  const { managedFields: _omitted, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function bookmarkObject(def: ResourceDef, rv: string, initialEventsEnd: boolean): KubeObject {
  const metadata: KubeObject['metadata'] = { resourceVersion: rv };
  if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return { kind: def.kind, apiVersion: apiVersionOf(def), metadata };
}
