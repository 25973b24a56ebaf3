/**
 * events.k8s.io/v1 Events are the same objects as core/v1 Events, stored once (the API
 * server converts between the two versions; pkg/apis/events/v1/conversion.go). This wraps
 * the store so the events.k8s.io endpoints read and write the core collection through the
 * field mapping: regarding ↔ involvedObject, note ↔ message, deprecatedCount ↔ count, ...
 */
import type { GroupResource, KubeObject, WatchEvent } from '../types';
import type { ListOptions, StorePort, WatchOptions } from './ports';
import { GR } from '../registry/group-resources';

const CORE_EVENTS: GroupResource = GR.events;

type Obj = Record<string, unknown>;

/** core/v1 Event → events.k8s.io/v1 Event. */
export function toEventsV1(core: KubeObject): KubeObject {
  const c = core as Obj;
  const out: Obj = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: core.metadata,
    eventTime: c.eventTime ?? null,
  };
  const put = (key: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') out[key] = v;
  };
  put('series', c.series);
  put('reportingController', c.reportingComponent || (c.source as Obj | undefined)?.component);
  put('reportingInstance', c.reportingInstance || (c.source as Obj | undefined)?.host);
  put('action', c.action);
  put('reason', c.reason);
  put('regarding', c.involvedObject);
  put('related', c.related);
  put('note', c.message);
  put('type', c.type);
  put('deprecatedSource', c.source);
  put('deprecatedFirstTimestamp', c.firstTimestamp);
  put('deprecatedLastTimestamp', c.lastTimestamp);
  put('deprecatedCount', c.count);
  return out as KubeObject;
}

/** events.k8s.io/v1 Event → core/v1 Event (what is stored). */
export function toCoreEvent(v1: KubeObject): KubeObject {
  const e = v1 as Obj;
  const out: Obj = { apiVersion: 'v1', kind: 'Event', metadata: v1.metadata, involvedObject: e.regarding ?? {} };
  const put = (key: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') out[key] = v;
  };
  put('reason', e.reason);
  put('message', e.note);
  put('source', e.deprecatedSource ?? (e.reportingController ? { component: e.reportingController, ...(e.reportingInstance ? { host: e.reportingInstance } : {}) } : undefined));
  put('firstTimestamp', e.deprecatedFirstTimestamp);
  put('lastTimestamp', e.deprecatedLastTimestamp);
  put('count', e.deprecatedCount);
  put('type', e.type);
  out.eventTime = e.eventTime ?? null;
  put('series', e.series);
  put('action', e.action);
  put('related', e.related);
  put('reportingComponent', e.reportingController);
  put('reportingInstance', e.reportingInstance);
  return out as KubeObject;
}

/** Field selectors name the v1 fields; the store indexes the core ones. */
function coreFieldSelector(sel: string | undefined): string | undefined {
  return sel?.replace(/(^|,)(\s*)regarding\./g, '$1$2involvedObject.').replace(/(^|,)(\s*)note(\s*!?=)/g, '$1$2message$3');
}

export function eventsV1Store(store: StorePort): StorePort {
  const convertEvent = (e: WatchEvent): WatchEvent => (e.type === 'BOOKMARK' || e.type === 'ERROR' ? e : { type: e.type, object: toEventsV1(e.object) });
  return {
    get: (_gr, ns, name) => {
      const o = store.get(CORE_EVENTS, ns, name);
      return o && toEventsV1(o);
    },
    list: (_gr, opts?: ListOptions) => {
      const r = store.list(CORE_EVENTS, opts && { ...opts, fieldSelector: coreFieldSelector(opts.fieldSelector) });
      return { ...r, items: r.items.map(toEventsV1) };
    },
    create: (_gr, obj, opts) => toEventsV1(store.create(CORE_EVENTS, toCoreEvent(obj), opts)),
    update: (_gr, obj, opts) => toEventsV1(store.update(CORE_EVENTS, toCoreEvent(obj), opts)),
    delete: (_gr, ns, name, opts) => {
      const r = store.delete(CORE_EVENTS, ns, name, opts);
      return { ...r, object: toEventsV1(r.object) };
    },
    watch: (_gr, opts: WatchOptions, onEvent) => store.watch(CORE_EVENTS, { ...opts, fieldSelector: coreFieldSelector(opts.fieldSelector) }, (e) => onEvent(convertEvent(e))),
    resourceVersion: () => store.resourceVersion(),
  };
}
