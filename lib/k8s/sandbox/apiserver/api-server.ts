/**
 * ApiServer: the Kubernetes REST API over node:http for one cluster. Routing, discovery,
 * OpenAPI, CRUD with admission, patch/apply, Table negotiation, watch and subresources.
 * It holds no state of its own beyond open watches: everything lives in the store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { errors, StatusError } from '../errors';
import { apiVersionOf, beforeCreate, beforeStatusUpdate, beforeUpdate, findKind, type ResourceDef } from '../registry';
import { GR, SERVED_GROUP_RESOURCES } from '../registry/group-resources';
import type { GroupResource, KubeObject } from '../types';
import type { LogStore } from '../logs/log-store';
import { admit, type AdmissionContext } from './admission';
import { decodeBody, readBody } from './body';
import { apiGroupFor, apiGroupList, apiResourceList, apiVersions, KUBERNETES_VERSION } from './discovery';
import { applyPatch, patchTypeOf } from './patching';
import type { PatchPort, SchemasPort, StorePort } from './ports';
import type { ClockPort } from '../core/clock-port';
import { sendError, sendJson, sendJsonText, successStatus } from './respond';
import { parseRoute } from './route';
import { partialObjectMetadata, renderingFor, toTable } from './table';
import { serveWatch, withoutManagedFields, type WatchLimits } from './watch';
import { LIST_VALUES, OMIT_MANAGED_FIELDS_PARAM, type ListValueSink } from './watch-params';
import { handleLog } from './log-handler';
import { handleBinding, readScale, scaleFromObject } from './subresources';
import { handleEviction } from './eviction';
import { answerReview, isReviewPath } from './auth-reviews';
import { eventForClientClock, kubectlAheadMs } from './client-clock';
import { answerMetrics, isMetricsPath, type MetricsProvider } from './metrics-api';
import { deleteObject, type DeleteRequest } from './deletion';
import type { PropagationPolicy } from '../core/deletion-policy';
import { allocateClusterIP } from './cluster-ip';
import { handleExecUpgrade, type Executor } from './exec';
import { handlePortForwardUpgrade } from './portforward';
import { serveServiceProxy } from './service-proxy';
import type { ClusterNetwork } from '../network/types';
import type { Duplex } from 'node:stream';
import { InternalClient } from './internal-client';
import { uuidV4 } from '../uuid';
import { eventsV1Store } from './event-conversion';
import { sendOpenApiV2Protobuf, wantsOpenApiV2Protobuf } from './protobuf/openapi-v2-response';
import { withEphemeralContainers } from './subresources/ephemeral-containers';
import { servePodProxy } from './subresources/pod-proxy';

export interface ApiServerOptions {
  store: StorePort;
  clock: ClockPort;
  patch: PatchPort;
  schemas?: SchemasPort;
  logs?: LogStore;
  /** Runs pods/exec commands; the runtime plugs it in (until then exec answers 400). */
  executor?: Executor;
  /** The path prefix this cluster is served under ('' or '/k8s/<id>'). */
  prefix?: string;
  limits?: Partial<ApiLimits>;
  /** Randomness for generated uids, token volume names and node ports (default: crypto / Math.random). */
  random?: () => number;
}

export interface ApiLimits extends WatchLimits {
  maxObjects: number;
  maxPods: number;
}

export const DEFAULT_LIMITS: ApiLimits = { maxObjects: 5000, maxPods: 1500, maxWatches: 100, maxWatchBufferBytes: 4 * 1024 * 1024 };

/**
 * The object cap, worded as the ResourceQuota admission plugin words an object-count quota
 * (403 `exceeded quota: <name>, requested: ..., used: ..., limited: ...`), plus what to do.
 */
export function objectQuotaExceeded(def: ResourceDef, used: number, limit: number): StatusError {
  const what = def.group ? `${def.plural}.${def.group}` : def.plural;
  return errors.forbidden(
    `${what} is forbidden: exceeded quota: sandbox-object-count, requested: count/objects=1, used: count/objects=${used}, limited: count/objects=${limit}`
    + ` (this sandbox cluster holds at most ${limit} objects: delete what you no longer need, e.g. kubectl delete namespace <name>)`,
  );
}

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  warnings: string[];
  /** The request method, upper case. */
  method: string;
  /** Any method but GET and HEAD: its response waits until what it wrote is on disk. */
  mutating: boolean;
  /** A write's answer, sent once the store's shared commit is done (send); handle waits for it. */
  answered?: Promise<void>;
}

const gr = (def: ResourceDef): GroupResource => ({ group: def.group, resource: def.plural });
const gvk = (def: ResourceDef) => ({ group: def.group, version: def.version, kind: def.kind });

export class ApiServer {
  readonly limits: ApiLimits;
  private openWatches = 0;
  readonly admission: AdmissionContext;

  constructor(private readonly opts: ApiServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    const store = opts.store;
    this.admission = {
      // Admission only reads what it looks up, so it may look at the stored objects themselves.
      get: (group, resource, ns, name) => (store.peek ? store.peek({ group, resource }, ns, name) : store.get({ group, resource }, ns, name)),
      list: (group, resource) => (store.peekList ? store.peekList({ group, resource }) : store.list({ group, resource }).items),
      allocateClusterIP: () => allocateClusterIP(store),
      newUid: opts.random ? () => uuidV4(opts.random!) : () => randomUUID(),
      random: opts.random ?? Math.random,
    };
  }

  /** events.k8s.io Events live in the core collection, converted on the way in and out. */
  private storeFor(def: ResourceDef): StorePort {
    if (def.group === 'events.k8s.io' && def.plural === 'events') return (this.eventsStore ??= eventsV1Store(this.opts.store));
    return this.opts.store;
  }
  private eventsStore: StorePort | undefined;

  /** The API server's write path for in-process components, under a field manager. */
  internalClient(manager: string): InternalClient {
    return new InternalClient({ store: this.opts.store, clock: this.opts.clock, patch: this.opts.patch, admission: this.admission, checkCaps: (def) => this.checkCaps(def) }, manager);
  }

  /** The runtime's command runner for pods/exec. */
  setExecutor(executor: Executor | undefined): void {
    this.opts.executor = executor;
  }

  /** The runner pods/exec reaches, for in-process callers (exercise checks) that need no websocket. */
  get executor(): Executor | undefined {
    return this.opts.executor;
  }

  /** The cluster network pods/portforward connects into (the runtime's). */
  setNetwork(network: ClusterNetwork | undefined): void {
    this.network = network;
  }

  private network: ClusterNetwork | undefined;

  /** WebSocket and SPDY upgrades: pods/exec, pods/attach and pods/portforward; anything else is refused with a Status. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string, query: URLSearchParams): void {
    const route = parseRoute(path);
    if (route.type === 'resource' && (route.subresource === 'exec' || route.subresource === 'attach') && route.namespace && route.name) {
      handleExecUpgrade(req, socket, head, { store: this.opts.store, executor: this.opts.executor, namespace: route.namespace, name: route.name, query, attach: route.subresource === 'attach' });
      return;
    }
    if (route.type === 'resource' && route.subresource === 'portforward' && route.namespace && route.name) {
      handlePortForwardUpgrade(req, socket, head, { store: this.opts.store, network: this.network, namespace: route.namespace, name: route.name });
      return;
    }
    const body = JSON.stringify(notFoundPath(path).toStatus());
    socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }

  get watchCount(): number {
    return this.openWatches;
  }

  /** Serves one request whose URL path is relative to this cluster's prefix. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const ctx: Ctx = { req, res, query, warnings: [], method, mutating: method !== 'GET' && method !== 'HEAD' };
    try {
      await this.route(ctx, path);
      await ctx.answered;
    } catch (err) {
      let failure = err;
      // A write that failed part way (a deletecollection) may have changed something.
      if (ctx.mutating) {
        try {
          this.opts.store.sync?.();
        } catch (syncErr) {
          failure = syncErr;
        }
      }
      if (!(failure instanceof StatusError)) console.error('sandbox apiserver:', failure);
      sendError(res, failure);
    }
  }

  /**
   * Every response of this server. After a write it first has the store commit what it still
   * holds: the product's persistence commits in groups (store/sqlite-persistence.ts), and what
   * a client was told is done must survive a crash.
   */
  private send(ctx: Ctx, code: number, body: unknown, warnings?: string[]): void {
    if (ctx.mutating && this.opts.store.syncSoon) {
      // One commit for every write answered in this turn (a class applying together), not an
      // fsync each on the one thread; the answer is serialised now, as it is.
      const text = JSON.stringify(body);
      // A failed commit rejects into handle's catch, which answers it as a failed sync() would be.
      ctx.answered = this.opts.store.syncSoon().then(() => sendJsonText(ctx.res, code, text, warnings));
      return;
    }
    if (ctx.mutating) this.opts.store.sync?.();
    sendJson(ctx.res, code, body, warnings);
  }

  /** metrics.k8s.io's source (the kubelets' simulated usage); without it the metrics paths answer 503. */
  setMetrics(provider: MetricsProvider | undefined): void {
    this.metrics = provider;
  }

  private metrics: MetricsProvider | undefined;

  private async route(ctx: Ctx, path: string): Promise<void> {
    const { method } = ctx;
    if (isMetricsPath(path)) return this.send(ctx, 200, answerMetrics(path, method, ctx.query, this.metrics));
    if (isReviewPath(path)) {
      const body = method === 'POST' ? decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']) : undefined;
      const answer = answerReview(path, method, body);
      if (answer) return this.send(ctx, answer.code, answer.body);
    }
    const route = parseRoute(path);
    const readOnly = !ctx.mutating;
    switch (route.type) {
      case 'version':
        return this.send(ctx, 200, KUBERNETES_VERSION);
      case 'api':
        return this.send(ctx, 200, apiVersions());
      case 'apis':
        return this.send(ctx, 200, apiGroupList());
      case 'group': {
        const g = apiGroupFor(route.group);
        if (!g || !readOnly) throw notFoundPath(path);
        return this.send(ctx, 200, g);
      }
      case 'groupVersion': {
        const list = apiResourceList(route.group, route.version);
        if (!list || !readOnly) throw notFoundPath(path);
        return this.send(ctx, 200, list);
      }
      case 'openapi':
        return this.serveOpenApi(ctx, route.path);
      case 'notFound':
        throw notFoundPath(path);
      case 'resource':
        if (route.subresource === 'proxy' && route.namespace && route.name) {
          // pods/proxy and services/proxy: the same request forwarded, to a pod's IP or through the Service.
          const proxy = route.def.plural === 'pods' ? servePodProxy : serveServiceProxy;
          return proxy(ctx.req, ctx.res, { store: this.opts.store, network: this.network, namespace: route.namespace, name: route.name, path: route.proxyPath ?? '', query: ctx.query });
        }
        return this.serveResource(ctx, method, route.def, route.namespace, route.name, route.subresource);
    }
  }

  private serveOpenApi(ctx: Ctx, path: string): void {
    const schemas = this.opts.schemas;
    if (!schemas) throw notFoundPath(`/openapi/${path}`);
    if (path === 'v2') {
      // kubectl 1.27/1.28 read only the gnostic protobuf form (no JSON fallback).
      if (wantsOpenApiV2Protobuf(ctx.req)) return sendOpenApiV2Protobuf(ctx.res, schemas.openApiV2());
      return this.send(ctx, 200, schemas.openApiV2());
    }
    if (path === 'v3') return this.send(ctx, 200, schemas.openApiV3Index(this.opts.prefix ?? ''));
    if (path.startsWith('v3/')) {
      const doc = schemas.openApiV3Document(path.slice(3));
      if (!doc) throw notFoundPath(`/openapi/${path}`);
      return this.send(ctx, 200, doc);
    }
    throw notFoundPath(`/openapi/${path}`);
  }

  private async serveResource(ctx: Ctx, method: string, def: ResourceDef, namespace: string | undefined, name: string | undefined, sub: string | undefined): Promise<void> {
    const { query } = ctx;
    if (sub === 'log') {
      if (method !== 'GET') throw methodNotAllowed(method);
      return handleLog(ctx.req, ctx.res, query, this.opts.store, this.opts.logs, this.opts.clock, namespace!, name!);
    }
    if (sub === 'exec' || sub === 'attach' || sub === 'portforward') throw errors.badRequest('Upgrade request required');
    if (sub === 'ephemeralcontainers') return this.ephemeralContainers(ctx, method, def, namespace!, name!);
    if (sub === 'eviction' || sub === 'binding') {
      if (method !== 'POST') throw methodNotAllowed(method);
      const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']) as KubeObject;
      if (sub === 'eviction') {
        handleEviction(this.opts.store, namespace!, name!, body, this.opts.clock.nowISO());
        return this.send(ctx, 201, successStatus());
      }
      handleBinding(this.opts.store, namespace!, name!, body, this.opts.clock.nowISO());
      return this.send(ctx, 201, successStatus());
    }
    if (name === undefined) {
      switch (method) {
        case 'GET':
          if (query.get('watch') === 'true' || query.get('watch') === '1') return this.watch(ctx, def, namespace);
          return this.list(ctx, def, namespace);
        case 'POST':
          return this.create(ctx, def, namespace);
        case 'DELETE':
          return this.deleteCollection(ctx, def, namespace);
        default:
          throw methodNotAllowed(method);
      }
    }
    switch (method) {
      case 'GET':
        return this.get(ctx, def, namespace, name, sub);
      case 'PUT':
        return this.update(ctx, def, namespace, name, sub);
      case 'PATCH':
        return this.patch(ctx, def, namespace, name, sub);
      case 'DELETE':
        if (sub) throw methodNotAllowed(method);
        return this.delete(ctx, def, namespace, name);
      default:
        throw methodNotAllowed(method);
    }
  }

  private mustGet(def: ResourceDef, namespace: string | undefined, name: string): KubeObject {
    const obj = this.storeFor(def).get(gr(def), namespace, name);
    if (!obj) throw errors.notFound(def.plural, def.group, name);
    return obj;
  }

  private render(ctx: Ctx, def: ResourceDef, obj: KubeObject, code = 200): void {
    const rendering = renderingFor(ctx.req.headers.accept);
    if (rendering === 'table') {
      const t = toTable(def, [obj], this.opts.clock.now(), { includeObject: ctx.query.get('includeObject') ?? undefined, resourceVersion: obj.metadata.resourceVersion });
      return this.send(ctx, code, t, ctx.warnings);
    }
    if (rendering === 'metadata') return this.send(ctx, code, partialObjectMetadata(obj), ctx.warnings);
    this.send(ctx, code, def.plural === 'events' ? eventForClientClock(obj, this.kubectlAheadMs(ctx)) : obj, ctx.warnings);
  }

  /** How far event times move back for this client (client-clock.ts: kubectl ages them on its own clock). */
  private kubectlAheadMs(ctx: Ctx): number {
    return kubectlAheadMs(ctx.req.headers['user-agent'], this.opts.clock.now(), Date.now());
  }

  private get(ctx: Ctx, def: ResourceDef, namespace: string | undefined, name: string, sub: string | undefined): void {
    const obj = this.mustGet(def, namespace, name);
    if (sub === 'scale') return this.send(ctx, 200, scaleFromObject(def, obj));
    this.render(ctx, def, obj);
  }

  private list(ctx: Ctx, def: ResourceDef, namespace: string | undefined): void {
    const q = ctx.query;
    const limit = q.get('limit');
    if (limit !== null && !/^\d+$/.test(limit)) throw errors.badRequest(`limit: Invalid value: ${JSON.stringify(limit)}: must be a non-negative integer`);
    const store = this.storeFor(def);
    // The bench's stream lists without managedFields (watch-params.ts): the stored versions are
    // read in place, not finished and deep-copied one by one, and serialised without them.
    if (q.get(OMIT_MANAGED_FIELDS_PARAM) === 'true' && store.peekList && !limit && !q.get('continue') && renderingFor(ctx.req.headers.accept) === 'json') {
      const resourceVersion = store.resourceVersion();
      const stored = store.peekList(gr(def), { namespace, labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined });
      const ahead = def.plural === 'events' ? this.kubectlAheadMs(ctx) : 0;
      const items = stored.map((o) => (ahead > 0 ? eventForClientClock(withoutManagedFields(o), ahead) : withoutManagedFields(o)));
      // An in-process caller that takes the list as values (watch-params.ts LIST_VALUES): the body is an empty list.
      const values = (ctx.res as unknown as { [LIST_VALUES]?: ListValueSink })[LIST_VALUES];
      if (values) values({ resourceVersion, items });
      return this.send(ctx, 200, { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata: { resourceVersion }, items: values ? [] : items });
    }
    const result = store.list(gr(def), {
      namespace,
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
      limit: limit ? Number(limit) : undefined,
      continue: q.get('continue') ?? undefined,
    });
    if (renderingFor(ctx.req.headers.accept) === 'table') {
      const t = toTable(def, result.items, this.opts.clock.now(), {
        includeObject: q.get('includeObject') ?? undefined,
        resourceVersion: result.resourceVersion,
        continue: result.continue,
        remainingItemCount: result.remainingItemCount,
      });
      return this.send(ctx, 200, t);
    }
    const metadata: Record<string, unknown> = { resourceVersion: result.resourceVersion };
    if (result.continue) metadata.continue = result.continue;
    if (result.remainingItemCount !== undefined) metadata.remainingItemCount = result.remainingItemCount;
    const ahead = def.plural === 'events' ? this.kubectlAheadMs(ctx) : 0;
    const timed = ahead > 0 ? result.items.map((e) => eventForClientClock(e, ahead)) : result.items;
    // A page (limit, continue) honours the parameter too, from the copies.
    const items = q.get(OMIT_MANAGED_FIELDS_PARAM) === 'true' ? timed.map(withoutManagedFields) : timed;
    this.send(ctx, 200, { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata, items });
  }

  private watch(ctx: Ctx, def: ResourceDef, namespace: string | undefined): void {
    if (this.openWatches >= this.limits.maxWatches) {
      throw errors.tooManyRequests(`too many watch connections for this cluster (limit ${this.limits.maxWatches})`);
    }
    this.openWatches++;
    serveWatch({
      req: ctx.req,
      res: ctx.res,
      query: ctx.query,
      def,
      namespace,
      store: this.storeFor(def),
      clock: this.opts.clock,
      clientClockAheadMs: def.plural === 'events' ? () => this.kubectlAheadMs(ctx) : undefined,
      maxBufferBytes: this.limits.maxWatchBufferBytes,
      onClose: () => {
        this.openWatches--;
      },
    });
  }

  private async readObject(ctx: Ctx, def: ResourceDef): Promise<KubeObject> {
    const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest(`Object 'Kind' is missing in '${truncate(JSON.stringify(body))}'`);
    const obj = body as KubeObject;
    // Like the API server's decoder, a body sent to a typed endpoint defaults to its kind.
    obj.kind ??= def.kind;
    obj.apiVersion ??= apiVersionOf(def);
    if (obj.apiVersion !== apiVersionOf(def) || obj.kind !== def.kind) {
      const target = findKind(String(obj.apiVersion ?? ''), String(obj.kind));
      if (!target || target !== def) {
        throw errors.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersionOf(def)})`);
      }
    }
    if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
    if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) throw errors.badRequest('metadata must be an object');
    return obj;
  }

  /** fieldValidation: Strict → 400, Warn (default for kubectl < Strict) → Warning headers, Ignore. */
  private checkFields(ctx: Ctx, def: ResourceDef, obj: unknown): void {
    const mode = ctx.query.get('fieldValidation') ?? 'Warn';
    if (mode === 'Ignore' || !this.opts.schemas) return;
    if (!['Strict', 'Warn'].includes(mode)) throw errors.badRequest(`fieldValidation parameter unsupported: ${mode}`);
    const { unknownFields, typeErrors } = this.opts.schemas.validateFields(gvk(def), obj);
    const problems = [...unknownFields.map((f) => `unknown field "${f}"`), ...typeErrors.map((t) => `${t.path}: ${t.message}`)];
    if (problems.length === 0) return;
    if (mode === 'Strict') {
      const msg = problems.length === 1 ? `strict decoding error: ${problems[0]}` : `strict decoding error: ${problems.join(', ')}`;
      throw errors.badRequest(msg);
    }
    ctx.warnings.push(...problems);
  }

  private namespaceFor(def: ResourceDef, obj: KubeObject, pathNs: string | undefined): void {
    if (!def.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    if (obj.metadata.namespace && pathNs && obj.metadata.namespace !== pathNs) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = pathNs ?? obj.metadata.namespace;
    if (!obj.metadata.namespace) throw errors.badRequest('the server could not find the requested resource');
  }

  private checkCaps(def: ResourceDef): void {
    const objects = this.countObjects();
    if (objects >= this.limits.maxObjects) throw objectQuotaExceeded(def, objects, this.limits.maxObjects);
    if (def.group === GR.pods.group && def.plural === GR.pods.resource && this.count(GR.pods) >= this.limits.maxPods) {
      throw errors.forbidden(`exceeded the sandbox cluster's pod limit (${this.limits.maxPods})`);
    }
  }

  /** Counts without copying every object: a one-item page plus remainingItemCount. */
  private count(groupResource: GroupResource): number {
    if (this.opts.store.count) return this.opts.store.count(groupResource);
    const page = this.opts.store.list(groupResource, { limit: 1 });
    return page.items.length + (page.remainingItemCount ?? 0);
  }

  private countObjects(): number {
    if (this.opts.store.count) return this.opts.store.count();
    let n = 0;
    for (const d of SERVED_GROUP_RESOURCES) n += this.count(d);
    return n;
  }

  private manager(ctx: Ctx, fallback: string): string {
    const m = ctx.query.get('fieldManager');
    if (m && m.length > 128) throw errors.badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
    if (m) return m;
    const ua = ctx.req.headers['user-agent'] ?? fallback;
    return ua.split('/')[0] || fallback;
  }

  private track(ctx: Ctx, def: ResourceDef, before: KubeObject | undefined, after: KubeObject, sub?: string): KubeObject {
    const trackUpdate = this.opts.patch.trackUpdate;
    if (!trackUpdate) {
      delete after.metadata.managedFields;
      return after;
    }
    return trackUpdate({ before, after, manager: this.manager(ctx, 'unknown'), gvk: gvk(def), time: this.opts.clock.nowISO(), operation: 'Update', subresource: sub });
  }

  private dryRun(ctx: Ctx): boolean {
    const d = ctx.query.getAll('dryRun');
    for (const v of d) if (v !== 'All') throw errors.badRequest(`Invalid dry run value: ${v}`);
    return d.length > 0;
  }

  private async create(ctx: Ctx, def: ResourceDef, namespace: string | undefined): Promise<void> {
    if (!def.verbs.includes('create')) throw methodNotAllowed('POST');
    const obj = await this.readObject(ctx, def);
    this.checkFields(ctx, def, obj);
    this.namespaceFor(def, obj, namespace);
    if (!obj.metadata.name && !obj.metadata.generateName) {
      throw errors.invalid(def.kind, def.group, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'name or generateName is required' }]);
    }
    this.checkCaps(def);
    beforeCreate(def.strategy, obj);
    const dryRun = this.dryRun(ctx);
    admit(def, obj, undefined, this.admission);
    const tracked = this.track(ctx, def, undefined, obj);
    const created = this.storeFor(def).create(gr(def), tracked, { dryRun });
    this.render(ctx, def, created, 201);
  }

  private async update(ctx: Ctx, def: ResourceDef, namespace: string | undefined, name: string, sub: string | undefined): Promise<void> {
    const old = this.mustGet(def, namespace, name);
    if (sub === 'scale') {
      const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']);
      return this.writeScale(ctx, def, old, readScale(body));
    }
    const obj = await this.readObject(ctx, def);
    this.checkFields(ctx, def, obj);
    this.namespaceFor(def, obj, namespace);
    if (obj.metadata.name !== name) throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    await this.writeUpdate(ctx, def, old, obj, sub);
  }

  /** Shared by PUT and PATCH: status/main split, admission, managedFields, store update. */
  private async writeUpdate(ctx: Ctx, def: ResourceDef, old: KubeObject, obj: KubeObject, sub: string | undefined, code = 200): Promise<void> {
    const dryRun = this.dryRun(ctx);
    let next: KubeObject;
    if (sub === 'status') {
      // The status subresource changes status only; the main resource never changes status.
      next = beforeStatusUpdate(def.strategy, obj, old);
    } else {
      next = obj;
      beforeUpdate(def.strategy, next, old);
      admit(def, next, old, this.admission);
    }
    const tracked = this.track(ctx, def, old, next, sub);
    const updated = this.storeFor(def).update(gr(def), tracked, { dryRun, subresource: sub === 'status' ? 'status' : def.strategy.mainScope });
    this.render(ctx, def, updated, code);
  }

  /**
   * pods/ephemeralcontainers (subresources/ephemeral-containers.ts): GET answers the pod; PUT and
   * PATCH change spec.ephemeralContainers only, as podEphemeralContainersStrategy does.
   */
  private async ephemeralContainers(ctx: Ctx, method: string, def: ResourceDef, namespace: string, name: string): Promise<void> {
    if (method === 'GET') return this.get(ctx, def, namespace, name, undefined);
    if (method !== 'PUT' && method !== 'PATCH') throw methodNotAllowed(method);
    const type = method === 'PATCH' ? patchTypeOf(ctx.req.headers['content-type']) : undefined;
    if (type === 'apply') throw new StatusError(415, 'UnsupportedMediaType', 'server-side apply of pods/ephemeralcontainers is not served by the sandbox: use kubectl debug, or a strategic merge, merge or JSON patch');
    const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']);
    const live = this.mustGet(def, namespace, name);
    const incoming = type ? applyPatch(this.opts.patch, type, live, body, gvk(def)) : body;
    const next = withEphemeralContainers(live, incoming);
    const updated = this.storeFor(def).update(gr(def), this.track(ctx, def, live, next, 'ephemeralcontainers'), { dryRun: this.dryRun(ctx) });
    this.render(ctx, def, updated);
  }

  private writeScale(ctx: Ctx, def: ResourceDef, old: KubeObject, replicas: number): Promise<void> {
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).replicas = replicas;
    const dryRun = this.dryRun(ctx);
    admit(def, next, old, this.admission);
    const updated = this.storeFor(def).update(gr(def), this.track(ctx, def, old, next, 'scale'), { dryRun, subresource: def.strategy.mainScope });
    this.send(ctx, 200, scaleFromObject(def, updated));
    return Promise.resolve();
  }

  private async patch(ctx: Ctx, def: ResourceDef, namespace: string | undefined, name: string, sub: string | undefined): Promise<void> {
    const type = patchTypeOf(ctx.req.headers['content-type']);
    const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']);
    const live = this.storeFor(def).get(gr(def), namespace, name);
    if (type === 'apply') return this.apply(ctx, def, namespace, name, sub, live, body);
    if (!live) throw errors.notFound(def.plural, def.group, name);
    if (sub === 'scale') {
      const scale = scaleFromObject(def, live);
      const patched = applyPatch(this.opts.patch, type === 'strategic' ? 'merge' : type, scale as unknown as KubeObject, body, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
      return this.writeScale(ctx, def, live, readScale(patched));
    }
    const patched = applyPatch(this.opts.patch, type, live, body, gvk(def));
    if (!patched.metadata || typeof patched.metadata !== 'object') throw errors.badRequest('metadata must be an object');
    this.checkFields(ctx, def, patched);
    if (patched.metadata.name !== name) throw errors.badRequest(`the name of the object (${patched.metadata.name}) does not match the name on the URL (${name})`);
    // A patch is based on what the server has: its resourceVersion only matters if the patch set one.
    const rvInPatch = (body as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
    if (!rvInPatch) patched.metadata.resourceVersion = live.metadata.resourceVersion;
    await this.writeUpdate(ctx, def, live, patched, sub);
  }

  private async apply(ctx: Ctx, def: ResourceDef, namespace: string | undefined, name: string, sub: string | undefined, live: KubeObject | undefined, body: unknown): Promise<void> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('apply patch must be an object');
    const applied = body as KubeObject;
    applied.metadata ??= {};
    if (applied.metadata.name && applied.metadata.name !== name) throw errors.badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
    applied.metadata.name = name;
    this.namespaceFor(def, applied, namespace);
    this.checkFields(ctx, def, applied);
    const manager = ctx.query.get('fieldManager');
    if (!manager) throw errors.badRequest('PATCH with apply requires fieldManager');
    const force = ctx.query.get('force') === 'true';
    const merged = this.opts.patch.serverSideApply({ live, applied, manager, force, gvk: gvk(def), time: this.opts.clock.nowISO(), subresource: sub });
    const dryRun = this.dryRun(ctx);
    if (!live) {
      this.checkCaps(def);
      admit(def, merged, undefined, this.admission);
      const created = this.storeFor(def).create(gr(def), merged, { dryRun });
      return this.render(ctx, def, created, 201);
    }
    merged.metadata.resourceVersion = live.metadata.resourceVersion;
    if (sub === 'status') {
      const next = beforeStatusUpdate(def.strategy, merged, live);
      // The applier's ownership of status is the one metadata change a status apply makes.
      next.metadata.managedFields = merged.metadata.managedFields;
      const updated = this.storeFor(def).update(gr(def), next, { dryRun, subresource: 'status' });
      return this.render(ctx, def, updated);
    }
    beforeUpdate(def.strategy, merged, live);
    admit(def, merged, live, this.admission);
    const updated = this.storeFor(def).update(gr(def), merged, { dryRun, subresource: def.strategy.mainScope });
    this.render(ctx, def, updated);
  }

  private async deleteOptions(ctx: Ctx): Promise<DeleteRequest> {
    let body: Record<string, unknown> = {};
    const raw = await readBody(ctx.req);
    if (raw.length > 0 && raw.toString().trim() !== '') {
      const decoded = decodeBody(raw, ctx.req.headers['content-type']);
      if (decoded && typeof decoded === 'object' && !Array.isArray(decoded)) body = decoded as Record<string, unknown>;
    }
    const q = ctx.query;
    let propagation = (q.get('propagationPolicy') ?? body.propagationPolicy) as string | undefined;
    if (propagation === undefined && (q.get('orphanDependents') === 'true' || body.orphanDependents === true)) propagation = 'Orphan';
    if (propagation !== undefined && !['Orphan', 'Background', 'Foreground'].includes(propagation)) {
      throw errors.badRequest(`propagationPolicy: Unsupported value: "${propagation}": supported values: "Foreground", "Background", "Orphan"`);
    }
    const dryRunValues = [...q.getAll('dryRun'), ...((body.dryRun as string[] | undefined) ?? [])];
    for (const v of dryRunValues) if (v !== 'All') throw errors.badRequest(`Invalid dry run value: ${v}`);
    const graceRaw = q.get('gracePeriodSeconds') ?? body.gracePeriodSeconds;
    let gracePeriodSeconds: number | undefined;
    if (graceRaw !== undefined && graceRaw !== null) {
      gracePeriodSeconds = Number(graceRaw);
      if (!Number.isInteger(gracePeriodSeconds)) throw errors.badRequest(`gracePeriodSeconds: Invalid value: ${JSON.stringify(graceRaw)}: must be an integer`);
      if (gracePeriodSeconds < 0) gracePeriodSeconds = 1; // as the API server: negative means "minimum"
    }
    return {
      gracePeriodSeconds,
      propagation: propagation as PropagationPolicy | undefined,
      preconditions: body.preconditions as { uid?: string; resourceVersion?: string } | undefined,
      dryRun: dryRunValues.length > 0,
    };
  }

  private async delete(ctx: Ctx, def: ResourceDef, namespace: string | undefined, name: string): Promise<void> {
    const opts = await this.deleteOptions(ctx);
    const result = deleteObject(this.storeFor(def), def, namespace, name, opts, this.opts.clock);
    this.render(ctx, def, result.object, 200);
  }

  private async deleteCollection(ctx: Ctx, def: ResourceDef, namespace: string | undefined): Promise<void> {
    if (!def.verbs.includes('deletecollection')) throw methodNotAllowed('DELETE');
    const opts = await this.deleteOptions(ctx);
    const items = this.storeFor(def).list(gr(def), {
      namespace,
      labelSelector: ctx.query.get('labelSelector') ?? undefined,
      fieldSelector: ctx.query.get('fieldSelector') ?? undefined,
    }).items;
    const deleted: KubeObject[] = [];
    for (const item of items) {
      try {
        deleted.push(deleteObject(this.storeFor(def), def, item.metadata.namespace, item.metadata.name!, opts, this.opts.clock).object);
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 404)) throw e;
      }
    }
    this.send(ctx, 200, { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata: { resourceVersion: this.opts.store.resourceVersion() }, items: deleted });
  }
}



function notFoundPath(path: string): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', { causes: [{ reason: 'UnexpectedServerResponse', message: `404 page not found: ${path}` }] });
}

function methodNotAllowed(method: string): StatusError {
  return errors.methodNotAllowed(`the server does not allow this method on the requested resource (${method})`);
}

function truncate(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}
