/**
 * A small in-memory StorePort for the API server's integration tests, written to the
 * store/ contract (README) so these tests run before and independently of store/. It keeps
 * a bounded event history for watch resume and answers 410 Expired beyond it.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../../errors';
import type { ListOptions, ListResult, StorePort, WatchOptions } from '../ports';
import type { GroupResource, KubeObject, WatchEvent } from '../../types';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

interface Watcher {
  gr: string;
  opts: WatchOptions;
  onEvent: (e: WatchEvent) => void;
}

function matchLabels(obj: KubeObject, selector: string | undefined): boolean {
  if (!selector) return true;
  const labels = obj.metadata.labels ?? {};
  for (const raw of selector.split(/,(?![^(]*\))/)) {
    const part = raw.trim();
    if (!part) continue;
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^([^!=\s]+)\s*!=\s*(.*)$/))) {
      if (labels[m[1]] === m[2]) return false;
    } else if ((m = part.match(/^([^!=\s]+)\s*==?\s*(.*)$/))) {
      if (labels[m[1]] !== m[2]) return false;
    } else if ((m = part.match(/^!(\S+)$/))) {
      if (m[1] in labels) return false;
    } else if ((m = part.match(/^(\S+)\s+(in|notin)\s+\((.*)\)$/))) {
      const vals = m[3].split(',').map((v) => v.trim());
      const has = m[1] in labels && vals.includes(labels[m[1]]);
      if (m[2] === 'in' ? !has : has) return false;
    } else if (!(part in labels)) return false;
  }
  return true;
}

function dotted(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function matchFields(obj: KubeObject, selector: string | undefined): boolean {
  if (!selector) return true;
  for (const raw of selector.split(',')) {
    const m = raw.trim().match(/^([^!=]+)(==|=|!=)(.*)$/);
    if (!m) throw errors.badRequest(`invalid field selector: ${raw}`);
    const v = dotted(obj, m[1]);
    const text = v === undefined || v === null ? '' : String(v);
    if (m[2] === '!=' ? text === m[3] : text !== m[3]) return false;
  }
  return true;
}

export class MemoryStore implements StorePort {
  private rv = 1;
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private readonly history: { rv: number; gr: string; event: WatchEvent }[] = [];
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly now: () => string, private readonly historySize = 1000) {}

  private bucket(gr: GroupResource): Map<string, KubeObject> {
    const k = `${gr.group}/${gr.resource}`;
    let b = this.data.get(k);
    if (!b) this.data.set(k, (b = new Map()));
    return b;
  }

  private emit(gr: GroupResource, type: WatchEvent['type'], obj: KubeObject): void {
    const key = `${gr.group}/${gr.resource}`;
    const event = { type, object: structuredClone(obj) };
    this.history.push({ rv: this.rv, gr: key, event });
    if (this.history.length > this.historySize) this.history.shift();
    for (const w of [...this.watchers]) if (w.gr === key && this.matches(w.opts, obj)) w.onEvent(structuredClone(event));
  }

  private matches(o: { namespace?: string; labelSelector?: string; fieldSelector?: string }, obj: KubeObject): boolean {
    if (o.namespace && obj.metadata.namespace !== o.namespace) return false;
    return matchLabels(obj, o.labelSelector) && matchFields(obj, o.fieldSelector);
  }

  get(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.bucket(gr).get(`${namespace ?? ''}/${name}`);
    return o ? structuredClone(o) : undefined;
  }

  list(gr: GroupResource, opts: ListOptions = {}): ListResult {
    const items = [...this.bucket(gr).values()]
      .filter((o) => this.matches(opts, o))
      .sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
    const start = opts.continue ? Number(Buffer.from(opts.continue, 'base64').toString()) : 0;
    const end = opts.limit ? start + opts.limit : items.length;
    const page = items.slice(start, end).map((o) => structuredClone(o));
    const result: ListResult = { items: page, resourceVersion: String(this.rv) };
    if (end < items.length) {
      result.continue = Buffer.from(String(end)).toString('base64');
      result.remainingItemCount = items.length - end;
    }
    return result;
  }

  create(gr: GroupResource, input: KubeObject, opts: { dryRun?: boolean } = {}): KubeObject {
    const obj = structuredClone(input);
    if (!obj.metadata.name && obj.metadata.generateName) {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
      obj.metadata.name = obj.metadata.generateName.slice(0, 58) + suffix;
    }
    const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    if (this.bucket(gr).has(key)) throw errors.alreadyExists(gr.resource, gr.group, obj.metadata.name!);
    obj.metadata.uid ??= randomUUID();
    obj.metadata.creationTimestamp = this.now();
    obj.metadata.generation = 1;
    if (opts.dryRun) return obj;
    obj.metadata.resourceVersion = String(++this.rv);
    this.bucket(gr).set(key, obj);
    this.emit(gr, 'ADDED', obj);
    return structuredClone(obj);
  }

  update(gr: GroupResource, input: KubeObject, opts: { dryRun?: boolean; subresource?: 'status' } = {}): KubeObject {
    const key = `${input.metadata.namespace ?? ''}/${input.metadata.name}`;
    const old = this.bucket(gr).get(key);
    if (!old) throw errors.notFound(gr.resource, gr.group, input.metadata.name ?? '');
    if (input.metadata.resourceVersion && input.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw errors.conflict(gr.resource, gr.group, input.metadata.name!, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    const obj = structuredClone(input);
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    const strip = (o: KubeObject) => {
      const rest: Record<string, unknown> = { ...o };
      delete rest.metadata;
      delete rest.status;
      return JSON.stringify(rest);
    };
    obj.metadata.generation = (old.metadata.generation ?? 1) + (strip(obj) !== strip(old) ? 1 : 0);
    if (opts.dryRun) return obj;
    obj.metadata.resourceVersion = String(++this.rv);
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers?.length)) {
      this.bucket(gr).delete(key);
      this.emit(gr, 'DELETED', obj);
      return structuredClone(obj);
    }
    this.bucket(gr).set(key, obj);
    this.emit(gr, 'MODIFIED', obj);
    return structuredClone(obj);
  }

  delete(gr: GroupResource, namespace: string | undefined, name: string, opts: { dryRun?: boolean; preconditions?: { uid?: string; resourceVersion?: string } } = {}) {
    const key = `${namespace ?? ''}/${name}`;
    const old = this.bucket(gr).get(key);
    if (!old) throw errors.notFound(gr.resource, gr.group, name);
    if (opts.dryRun) return { object: structuredClone(old), removed: false };
    if (old.metadata.finalizers?.length) {
      if (!old.metadata.deletionTimestamp) {
        old.metadata.deletionTimestamp = this.now();
        old.metadata.deletionGracePeriodSeconds = 0;
        old.metadata.resourceVersion = String(++this.rv);
        this.emit(gr, 'MODIFIED', old);
      }
      return { object: structuredClone(old), removed: false };
    }
    this.bucket(gr).delete(key);
    old.metadata.resourceVersion = String(++this.rv);
    this.emit(gr, 'DELETED', old);
    return { object: structuredClone(old), removed: true };
  }

  watch(gr: GroupResource, opts: WatchOptions, onEvent: (e: WatchEvent) => void): { close(): void } {
    const key = `${gr.group}/${gr.resource}`;
    const from = opts.resourceVersion ? Number(opts.resourceVersion) : this.rv;
    const oldest = this.history.length ? this.history[0].rv - 1 : this.rv;
    if (from < oldest) throw errors.gone(`too old resource version: ${from} (${oldest})`);
    for (const h of this.history) if (h.rv > from && h.gr === key && this.matches(opts, h.event.object)) onEvent(structuredClone(h.event));
    const w: Watcher = { gr: key, opts, onEvent };
    this.watchers.add(w);
    return { close: () => this.watchers.delete(w) };
  }

  resourceVersion(): string {
    return String(this.rv);
  }
}
