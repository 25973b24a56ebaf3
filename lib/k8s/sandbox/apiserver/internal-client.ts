/**
 * The in-process ClusterClient: the API server's create/update/delete path (admission,
 * managedFields, caps, graceful deletion) for controllers, the scheduler and kubelets,
 * each writing under its own field manager as kube-controller-manager's loops do.
 */
import { errors } from '../errors';
import { findKind, ALL_KINDS, beforeCreate, beforeStatusUpdate, beforeUpdate, type ResourceDef } from '../registry';
import type { GroupResource, KubeObject, WatchEvent } from '../types';
import type { ClientDeleteOptions, ClientListOptions, ClusterClient } from '../controllers/framework/client';
import { admit, type AdmissionContext } from './admission';
import { deleteObject } from './deletion';
import { handleBinding } from './subresources';
import type { ManagedFieldsCompute, PatchPort, StorePort } from './ports';
import type { ClockPort } from '../core/clock-port';
import { jsonClone, jsonCloneUnfrozen } from '../store/json-value';

export interface InternalClientDeps {
  store: StorePort;
  clock: ClockPort;
  patch: PatchPort;
  admission: AdmissionContext;
  /** Checks the cluster's object and pod caps before a create (throws 403). */
  checkCaps?(def: ResourceDef): void;
}

function defFor(gr: GroupResource): ResourceDef {
  const def = ALL_KINDS.find((d) => d.group === gr.group && d.plural === gr.resource);
  if (!def) throw errors.notFound(gr.resource, gr.group, '');
  return def;
}

function defOf(obj: KubeObject): ResourceDef {
  const def = findKind(obj.apiVersion, obj.kind);
  if (!def) throw errors.badRequest(`no kind "${obj.kind}" is registered for version "${obj.apiVersion}"`);
  return def;
}

export class InternalClient implements ClusterClient {
  constructor(private readonly deps: InternalClientDeps, readonly manager: string) {}

  /** The same client writing under another field manager (e.g. 'kubelet'). */
  as(manager: string): InternalClient {
    return new InternalClient(this.deps, manager);
  }

  get(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.deps.store.get(gr, namespace, name);
  }

  list(gr: GroupResource, opts: ClientListOptions = {}): KubeObject[] {
    return this.deps.store.list(gr, opts).items;
  }

  peek(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined {
    const { store } = this.deps;
    return store.peek ? store.peek(gr, namespace, name) : store.get(gr, namespace, name);
  }

  peekList(gr: GroupResource, opts: ClientListOptions = {}): KubeObject[] {
    const { store } = this.deps;
    return store.peekList ? store.peekList(gr, opts) : store.list(gr, opts).items;
  }

  create(input: KubeObject): KubeObject {
    const def = defOf(input);
    const obj = jsonClone(input);
    obj.metadata ??= {};
    if (!def.namespaced) delete obj.metadata.namespace;
    else if (!obj.metadata.namespace) throw errors.badRequest(`${def.kind} ${obj.metadata.name ?? obj.metadata.generateName ?? ''} has no namespace`);
    this.deps.checkCaps?.(def);
    // The kind's strategy, as for kubectl: a Pod's status is dropped here too (controllers
    // create pods through the API; the kubelet reports status afterwards).
    beforeCreate(def.strategy, obj);
    admit(def, obj, undefined, this.deps.admission);
    // obj is this write's own copy, so the store may keep it as it is.
    const w = this.tracked(def, undefined, obj);
    return this.deps.store.create({ group: def.group, resource: def.plural }, w.obj, { adopt: true, managedFields: w.managedFields });
  }

  update(input: KubeObject): KubeObject {
    const def = defOf(input);
    const gr = { group: def.group, resource: def.plural };
    // Admission and field tracking only read the old object.
    const old = this.peek(gr, input.metadata.namespace, input.metadata.name!);
    if (!old) throw errors.notFound(def.plural, def.group, input.metadata.name ?? '');
    // The stored parts the caller kept (a write built beside peek()) are shared, not copied.
    const next = jsonCloneUnfrozen(input);
    beforeUpdate(def.strategy, next, old);
    admit(def, next, old, this.deps.admission);
    const w = this.tracked(def, old, next);
    return this.deps.store.update(gr, w.obj, { subresource: def.strategy.mainScope, adopt: true, managedFields: w.managedFields });
  }

  updateStatus(input: KubeObject): KubeObject {
    const def = defOf(input);
    const gr = { group: def.group, resource: def.plural };
    // Field tracking only reads the old object; the store's status scope takes status and
    // managedFields from what is written, so the controller's ownership of status is recorded
    // (manager, operation Update, subresource status) as on a real cluster.
    const old = this.peek(gr, input.metadata.namespace, input.metadata.name!);
    if (!old) throw errors.notFound(def.plural, def.group, input.metadata.name ?? '');
    // The status is copied once here (its stored parts shared), so the store may keep this
    // write's objects as they are.
    const next = beforeStatusUpdate(def.strategy, { ...input, status: jsonCloneUnfrozen(input.status) }, old);
    const w = this.tracked(def, old, next, 'status');
    return this.deps.store.update(gr, w.obj, { subresource: 'status', adopt: true, managedFields: w.managedFields });
  }

  delete(gr: GroupResource, namespace: string | undefined, name: string, opts: ClientDeleteOptions = {}): { object: KubeObject; removed: boolean } {
    return deleteObject(this.deps.store, defFor(gr), namespace, name, { ...opts, dryRun: false, sharedResult: true }, this.deps.clock);
  }

  bind(namespace: string, pod: string, node: string): KubeObject {
    return handleBinding(this.deps.store, namespace, pod, { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod, namespace }, target: { kind: 'Node', name: node } }, this.deps.clock.nowISO());
  }

  watch(gr: GroupResource, onEvent: (e: WatchEvent) => void, opts: { namespace?: string } = {}): { close(): void } {
    return this.deps.store.watch(gr, { namespace: opts.namespace, resourceVersion: this.deps.store.resourceVersion(), shared: true }, onEvent);
  }

  /**
   * The write's managedFields: as a function the store runs when someone first reads them
   * (store/deferred-managed-fields.ts), the same trackUpdate over the same before and after
   * with the time of the write; or computed now, on after, when the store cannot defer or a
   * create brought ownership of its own (read from the input itself).
   */
  private tracked(def: ResourceDef, before: KubeObject | undefined, after: KubeObject, subresource?: string): { obj: KubeObject; managedFields?: ManagedFieldsCompute } {
    const trackUpdate = this.deps.patch.trackUpdate;
    if (!trackUpdate) return { obj: after };
    if (!this.deps.store.defersManagedFields || (!before && after.metadata.managedFields !== undefined)) return { obj: this.track(def, before, after, subresource) };
    const manager = this.manager;
    const time = this.deps.clock.nowISO();
    const gvk = { group: def.group, version: def.version, kind: def.kind };
    return { obj: after, managedFields: (b, a) => trackUpdate({ before: b, after: a, manager, gvk, time, operation: 'Update', subresource }).metadata.managedFields };
  }

  private track(def: ResourceDef, before: KubeObject | undefined, after: KubeObject, subresource?: string): KubeObject {
    const trackUpdate = this.deps.patch.trackUpdate;
    if (!trackUpdate) return after;
    return trackUpdate({
      before, after, manager: this.manager, gvk: { group: def.group, version: def.version, kind: def.kind }, time: this.deps.clock.nowISO(), operation: 'Update', subresource,
    });
  }
}
