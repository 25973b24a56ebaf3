import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { seededRandom } from '../controllers/framework/names';
import { apiServerStore } from '../parts';
import { ALL_KINDS } from '../registry';
import { ObjectStore } from '../store/object-store';
import type { KubeObject, ManagedFieldsEntry } from '../types';
import { serveWatch } from './watch';
import { OMIT_MANAGED_FIELDS_PARAM, WATCH_VALUES } from './watch-params';

const configmaps = ALL_KINDS.find((d) => d.plural === 'configmaps')!;
const GR = { group: '', resource: 'configmaps' };
const entry = (manager: string, rv: string): ManagedFieldsEntry => ({ manager, operation: 'Update', apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { [`f:rv${rv}`]: {} } });

/** A response that keeps what the watch writes, one parsed line per event. */
class Recorder extends EventEmitter {
  readonly lines: { type: string; object: KubeObject }[] = [];
  writableLength = 0;
  headersSent = false;
  writeHead(): this {
    this.headersSent = true;
    return this;
  }
  flushHeaders(): void {}
  write(chunk: string): boolean {
    for (const line of chunk.split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as { type: string; object: KubeObject });
    return true;
  }
  end(): this {
    return this;
  }
}

function watchOver(store: ObjectStore, resourceVersion: string, params: Record<string, string> = {}) {
  const req = new EventEmitter() as IncomingMessage;
  req.headers = {};
  const res = new Recorder();
  serveWatch({ req, res: res as unknown as ServerResponse, query: new URLSearchParams({ resourceVersion, ...params }), def: configmaps, namespace: 'default', store: apiServerStore(store), clock: new ManualClock(0), onClose: () => undefined });
  return { res, close: () => req.emit('close') };
}

describe('serveWatch', () => {
  it('sends each version with its deferred managedFields finished, as a get of it shows them', () => {
    const store = new ObjectStore({ clock: new ManualClock(0), random: seededRandom(1) });
    const w = watchOver(store, store.resourceVersion());
    const created = store.create(GR, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' } }, { managedFields: (_before, v) => [entry('creator', v.metadata.resourceVersion!)] });
    store.update(GR, { ...created, data: { a: '2' } }, { subresource: 'all', managedFields: (before, v) => [...(before?.metadata.managedFields ?? []), entry('editor', v.metadata.resourceVersion!)] });
    expect(w.res.lines.map((l) => [l.type, (l.object.data as { a?: string } | undefined)?.a, l.object.metadata.managedFields?.map((e) => e.manager)])).toEqual([
      ['ADDED', '1', ['creator']],
      ['MODIFIED', '2', ['creator', 'editor']],
    ]);
    expect(w.res.lines[1].object).toEqual(store.get(GR, 'default', 'c'));
    w.close();
  });

  it('sends objects without managedFields, deferred or not, to a watch that asks to omit them, and with them to the others', () => {
    const store = new ObjectStore({ clock: new ManualClock(0), random: seededRandom(1) });
    const omitting = watchOver(store, store.resourceVersion(), { [OMIT_MANAGED_FIELDS_PARAM]: 'true' });
    const plain = watchOver(store, store.resourceVersion());
    // One version with deferred managedFields, one written with its managedFields in place.
    const created = store.create(GR, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' } }, { managedFields: (_before, v) => [entry('creator', v.metadata.resourceVersion!)] });
    const eager = store.update(GR, { ...created, metadata: { ...created.metadata, managedFields: [entry('editor', '9')] }, data: { a: '2' } }, { subresource: 'all' });
    expect(eager.metadata.managedFields).toBeDefined();
    expect(omitting.res.lines.map((l) => [l.type, (l.object.data as { a?: string }).a, 'managedFields' in l.object.metadata])).toEqual([['ADDED', '1', false], ['MODIFIED', '2', false]]);
    const { managedFields: _m, ...rest } = store.get(GR, 'default', 'c')!.metadata;
    expect(omitting.res.lines[1].object).toEqual({ ...store.get(GR, 'default', 'c'), metadata: rest });
    expect(plain.res.lines.map((l) => l.object.metadata.managedFields?.map((e) => e.manager))).toEqual([['creator'], ['editor']]);
    omitting.close();
    plain.close();
  });

  it('hands an in-process caller that asks each event as the value it would have sent, writing no bytes', () => {
    const store = new ObjectStore({ clock: new ManualClock(0), random: seededRandom(1) });
    const plain = watchOver(store, store.resourceVersion(), { [OMIT_MANAGED_FIELDS_PARAM]: 'true' });
    const values: { type: string; object: unknown }[] = [];
    const req = new EventEmitter() as IncomingMessage;
    req.headers = {};
    const res = new Recorder();
    Object.defineProperty(res, WATCH_VALUES, { value: (type: string, object: unknown) => values.push({ type, object }) });
    serveWatch({ req, res: res as unknown as ServerResponse, query: new URLSearchParams({ resourceVersion: store.resourceVersion(), [OMIT_MANAGED_FIELDS_PARAM]: 'true' }), def: configmaps, namespace: 'default', store: apiServerStore(store), clock: new ManualClock(0), onClose: () => undefined });
    const created = store.create(GR, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'v', namespace: 'default' }, data: { a: '1' } }, { managedFields: (_before, v) => [entry('creator', v.metadata.resourceVersion!)] });
    store.delete(GR, 'default', created.metadata.name!);
    expect(res.lines).toEqual([]);
    expect(values.map((v) => v.type)).toEqual(['ADDED', 'DELETED']);
    // The same values a watch over the wire sends, parsed back.
    expect(JSON.parse(JSON.stringify(values))).toEqual(plain.res.lines);
    req.emit('close');
    plain.close();
  });

  it('renders Table events (kubectl get -w) from the stored versions, frozen as they are', () => {
    const store = new ObjectStore({ clock: new ManualClock(0), random: seededRandom(1) });
    const pods = ALL_KINDS.find((d) => d.plural === 'pods')!;
    const req = new EventEmitter() as IncomingMessage;
    req.headers = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
    const res = new Recorder();
    serveWatch({ req, res: res as unknown as ServerResponse, query: new URLSearchParams({ resourceVersion: store.resourceVersion(), includeObject: 'Object' }), def: pods, namespace: 'default', store: apiServerStore(store), clock: new ManualClock(0), onClose: () => undefined });
    store.create({ group: '', resource: 'pods' }, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' },
      spec: { nodeName: 'node-1', containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] },
      status: { phase: 'Running', podIP: '10.0.0.5', containerStatuses: [{ name: 'b', ready: true, restartCount: 2 }, { name: 'a', ready: false, restartCount: 0 }] },
    });
    const table = res.lines[0].object as unknown as { rows: { cells: unknown[]; object: KubeObject }[] };
    expect(table.rows[0].cells.slice(0, 4)).toEqual(['p', '0/2', 'Running', '2']);
    expect(table.rows[0].object).toEqual(store.get({ group: '', resource: 'pods' }, 'default', 'p'));
    req.emit('close');
  });
});
