/**
 * One stream of a learner's cluster for the lab bench: for each watched resource, list then
 * watch through a WatchTransport (watch-transport.ts: client-node, or in process where a sandbox
 * cluster runs), re-watching from the last resourceVersion when a watch ends and
 * relisting (a SNAPSHOT) on 410 Gone. A reconnecting browser passes the resourceVersions it
 * holds (the SSE Last-Event-ID), so nothing is missed and nothing is sent twice in bulk.
 */
import { OMIT_MANAGED_FIELDS_PARAM } from '../sandbox/pure';
import type { ClusterEvent, ObjectLike } from './reducer';
import { WATCHED, type WatchKey, type WatchedResource } from './resources';
import type { WatchTransport } from './watch-transport';

export type Cursor = Partial<Record<WatchKey, string>>;

/** Cursor ⇄ SSE event id (compact, URL-safe). */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(id: string | null | undefined): Cursor {
  if (!id || id.length > 4096) return {};
  try {
    const v = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: Cursor = {};
    for (const r of WATCHED) {
      const rv = (v as Record<string, unknown>)[r.key];
      if (typeof rv === 'string' && /^[0-9A-Za-z._-]{1,64}$/.test(rv)) out[r.key] = rv;
    }
    return out;
  } catch {
    return {};
  }
}

export interface ClusterStreamOptions {
  transport: WatchTransport;
  namespace: string;
  resume?: Cursor;
  onEvent(event: ClusterEvent, cursor: Cursor): void;
  /** A watch failed for a reason other than expiry (cluster gone, auth): the stream stops. */
  onError?(err: Error): void;
}

/** Drops managedFields: the bench never shows them and they triple the bytes on the wire. */
function slim(o: ObjectLike): ObjectLike {
  if (!o.metadata || !('managedFields' in o.metadata)) return o;
  const { managedFields: _m, ...metadata } = o.metadata as Record<string, unknown>;
  return { ...o, metadata } as ObjectLike;
}

export class ClusterStream {
  private readonly cursor: Cursor;
  private readonly aborts = new Map<WatchKey, { abort(): void }>();
  private closed = false;

  constructor(private readonly opts: ClusterStreamOptions) {
    this.cursor = { ...opts.resume };
  }

  start(): void {
    // Lists go by path (resources.ts), with no discovery to share: all at once.
    for (const r of WATCHED) void this.run(r, this.cursor[r.key]);
  }

  close(): void {
    this.closed = true;
    for (const a of this.aborts.values()) a.abort();
    this.aborts.clear();
  }

  private emit(event: ClusterEvent, rv: string | undefined): void {
    if (rv) this.cursor[event.resource] = rv;
    this.opts.onEvent(event, { ...this.cursor });
  }

  private async list(r: WatchedResource): Promise<string> {
    // Plain JSON, as the watch's events are: the bench wants the objects as the server sent them.
    // Without managedFields (the sandbox then reads its stored versions in place; other servers ignore the parameter).
    const list = await this.opts.transport.list(r.path.replace('{ns}', encodeURIComponent(this.opts.namespace)), { [OMIT_MANAGED_FIELDS_PARAM]: 'true' });
    const rv = list.resourceVersion;
    this.emit({ type: 'SNAPSHOT', resource: r.key, items: list.items.map(slim), resourceVersion: rv }, rv);
    return rv;
  }

  private async run(r: WatchedResource, resumeFrom: string | undefined): Promise<void> {
    if (this.closed) return;
    let rv = resumeFrom;
    try {
      if (!rv) rv = await this.list(r);
    } catch (e) {
      if (!this.closed) this.opts.onError?.(e as Error);
      return;
    }
    if (this.closed) return;
    const path = r.path.replace('{ns}', encodeURIComponent(this.opts.namespace));
    let expired = false;
    // The sandbox then sends no managedFields (the bench drops them: see slim), so it neither
    // computes nor serialises them for every event; slim stays for servers that ignore it.
    const abort = await this.opts.transport.watch(path, { resourceVersion: rv, allowWatchBookmarks: 'true', [OMIT_MANAGED_FIELDS_PARAM]: 'true' }, (phase, obj: ObjectLike) => {
      if (phase === 'BOOKMARK') {
        const brv = obj?.metadata?.resourceVersion;
        if (brv) this.cursor[r.key] = brv;
        return;
      }
      if (phase === 'ERROR') {
        if ((obj as { code?: number }).code === 410) expired = true;
        return;
      }
      if (phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED') {
        const o = slim(obj);
        this.emit({ type: phase, resource: r.key, object: o }, o.metadata?.resourceVersion);
      }
    }, (err: unknown) => {
      this.aborts.delete(r.key);
      if (this.closed) return;
      const code = (err as { statusCode?: number; code?: number } | null)?.statusCode ?? (err as { code?: number } | null)?.code;
      if (expired || code === 410) {
        // Too old to resume: start over with a fresh list (the browser gets a SNAPSHOT).
        void this.run(r, undefined);
        return;
      }
      if (err && (code === 401 || code === 403 || code === 404)) {
        this.opts.onError?.(err as Error);
        return;
      }
      // A watch that ended normally (server timeout) or a transient error: resume where we were.
      setTimeout(() => void this.run(r, this.cursor[r.key]), err ? 500 : 0).unref?.();
    }).catch((e: unknown) => {
      if (!this.closed) this.opts.onError?.(e as Error);
      return undefined;
    });
    if (abort) {
      if (this.closed) abort.abort();
      else this.aborts.set(r.key, abort);
    }
  }
}
