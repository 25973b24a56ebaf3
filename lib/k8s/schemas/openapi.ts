/**
 * Builds the OpenAPI v3 documents (one per group-version, like /openapi/v3/apis/apps/v1) and a
 * swagger 2.0 document from the generated schemas, once per process. Paths, actions and
 * parameters follow the real API server closely enough for kubectl (explain, apply's
 * server-side field validation check on the patch operation) and client-node.
 */
import { INT_OR_STRING, KINDS, groupVersionPath, k8sPackageOf, type KindRef } from './kinds';
import { addListSemantics } from './list-semantics';
import { loadSchemas } from './load';

type Obj = Record<string, unknown>;
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const extraMeta = [`${META}.Status`, `${META}.DeleteOptions`, `${META}.WatchEvent`, `${META}.Patch`, 'io.k8s.api.autoscaling.v1.Scale'];

/** Schemas the generator does not produce (not in kubernetes-types' kinds) but operations reference. */
const HAND_WRITTEN: Record<string, Obj> = {
  [`${META}.Status`]: { type: 'object', description: 'Status is a return value for calls that don\'t return other objects.', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, code: { type: 'integer', format: 'int32' }, message: { type: 'string' }, reason: { type: 'string' }, status: { type: 'string' }, details: { type: 'object' }, metadata: { $ref: `#/definitions/${META}.ListMeta` } }, 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Status' }] },
  [`${META}.DeleteOptions`]: { type: 'object', description: 'DeleteOptions may be provided when deleting an API object.', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, dryRun: { type: 'array', items: { type: 'string' } }, gracePeriodSeconds: { type: 'integer', format: 'int64' }, propagationPolicy: { type: 'string' }, preconditions: { type: 'object', properties: { uid: { type: 'string' }, resourceVersion: { type: 'string' } } } } },
  [`${META}.WatchEvent`]: { type: 'object', description: 'Event represents a single event to a watched resource.', required: ['type', 'object'], properties: { type: { type: 'string' }, object: { type: 'object', description: 'Object is: * If Type is Added or Modified: the new state of the object. * If Type is Deleted: the state of the object immediately before deletion. * If Type is Error: *Status is recommended; other types may make sense depending on context.' } } },
  [`${META}.Patch`]: { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
  'io.k8s.api.autoscaling.v1.Scale': { type: 'object', description: 'Scale represents a scaling request for a resource.', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: `#/definitions/${META}.ObjectMeta` }, spec: { type: 'object', properties: { replicas: { type: 'integer', format: 'int32', description: 'replicas is the desired number of instances for the scaled object.' } } }, status: { type: 'object', properties: { replicas: { type: 'integer', format: 'int32' }, selector: { type: 'string' } } } }, 'x-kubernetes-group-version-kind': [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }] },
};

function allDefinitions(): Record<string, Obj> {
  return { ...(loadSchemas().definitions as Record<string, Obj>), ...HAND_WRITTEN };
}

/** Definitions reachable from `roots`, with refs rewritten to `prefix` and JSON-Schema-only forms made OpenAPI-legal. */
function reachable(roots: string[], prefix: string): Record<string, Obj> {
  const defs = allDefinitions();
  const out: Record<string, Obj> = {};
  const visit = (name: string) => {
    if (out[name] || !defs[name]) return;
    out[name] = {};
    out[name] = convert(defs[name], prefix, visit) as Obj;
  };
  roots.forEach(visit);
  return out;
}

function convert(node: unknown, prefix: string, onRef: (name: string) => void): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, prefix, onRef));
  if (!node || typeof node !== 'object') return node;
  const src = node as Obj;
  const out: Obj = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === '$ref' && typeof value === 'string') {
      const name = value.replace('#/definitions/', '');
      onRef(name);
      // OpenAPI 3.0 ignores siblings of $ref, so wrap like the API server does (allOf + description);
      // swagger 2.0 keeps them as siblings, as upstream's swagger.json does (kubectl 1.27's v2
      // parser reads an allOf property as an untyped value and its strategic merge then panics).
      if (src.description && prefix.startsWith('#/components/')) return { allOf: [{ $ref: `${prefix}${name}` }], description: src.description };
      out.$ref = `${prefix}${name}`;
    } else if (key === 'type' && Array.isArray(value)) {
      out.type = 'string'; // Quantity and IntOrString: the API server's form is a string with a format
    } else if (key === 'additionalProperties' && value === false) {
      continue; // the API server's documents leave it out; strictness is fieldValidation's job
    } else out[key] = convert(value, prefix, onRef);
  }
  return out;
}

/**
 * Quantity and IntOrString the way kube-openapi publishes them: in v3 as oneOf types without a
 * `type` (so kubectl explain shows <Quantity>/<IntOrString>), in swagger 2.0 as strings.
 */
function fixFormats(defs: Record<string, Obj>, version: 'v2' | 'v3'): void {
  const q = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
  for (const name of [INT_OR_STRING, q]) {
    if (!defs[name]) continue;
    const description = defs[name].description;
    const format = name === INT_OR_STRING ? { format: 'int-or-string' } : {};
    const oneOf = name === INT_OR_STRING ? [{ type: 'integer' }, { type: 'string' }] : [{ type: 'string' }, { type: 'number' }];
    defs[name] = version === 'v3' ? { description, ...format, oneOf } : { description, type: 'string', ...format };
  }
}

const param = (name: string, description: string, where = 'query', schema: Obj = { type: 'string' }) => ({ name, in: where, description, schema, ...(where === 'path' ? { required: true } : {}) });
const WRITE_PARAMS = [
  param('dryRun', 'When present, indicates that modifications should not be persisted. Valid value: All'),
  param('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  param('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn (default), Strict.'),
];
const LIST_PARAMS = ['labelSelector', 'fieldSelector', 'resourceVersion', 'continue', 'allowWatchBookmarks', 'sendInitialEvents', 'resourceVersionMatch'].map((n) => param(n, `${n} of the list or watch.`))
  .concat([param('limit', 'limit is a maximum number of responses to return for a list call.', 'query', { type: 'integer' }), param('timeoutSeconds', 'Timeout for the list/watch call.', 'query', { type: 'integer' }), param('watch', 'Watch for changes to the described resources.', 'query', { type: 'boolean' })]);

function operations(k: KindRef, ref: (name: string) => string): Record<string, Obj> {
  const gvk = { group: k.group, version: k.version, kind: k.kind };
  const kindSchema = `${k8sPackageOf(k.module)}.${k.kind}`;
  const body = (name: string) => ({ required: true, content: { '*/*': { schema: { $ref: ref(name) } } } });
  const ok = (name: string, codes = ['200']) => Object.fromEntries(codes.map((c) => [c, { description: 'OK', content: { 'application/json': { schema: { $ref: ref(name) } }, 'application/yaml': { schema: { $ref: ref(name) } } } }]));
  const op = (action: string, id: string, extra: Obj) => ({ operationId: id, 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, tags: [groupVersionPath(k).replace(/\W/g, '_')], ...extra });
  const base = `/${groupVersionPath(k)}${k.namespaced ? '/namespaces/{namespace}' : ''}/${k.plural}`;
  const scope = k.namespaced ? 'Namespaced' : '';
  const pathParams = [param('name', `name of the ${k.kind}`, 'path'), ...(k.namespaced ? [param('namespace', 'object name and auth scope, such as for teams and projects', 'path')] : [])];
  const patchBody = { required: true, content: Object.fromEntries(['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'].map((t) => [t, { schema: { $ref: ref(`${META}.Patch`) } }])) };
  const forceParam = param('force', 'Force is going to "force" Apply requests.', 'query', { type: 'boolean' });
  const paths: Record<string, Obj> = {
    [base]: {
      parameters: k.namespaced ? [pathParams[1]] : [],
      get: op('list', `list${scope}${k.kind}`, { description: `list or watch objects of kind ${k.kind}`, parameters: LIST_PARAMS, responses: ok(`${kindSchema}List`) }),
      post: op('post', `create${scope}${k.kind}`, { description: `create a ${k.kind}`, parameters: WRITE_PARAMS, requestBody: body(kindSchema), responses: ok(kindSchema, ['200', '201', '202']) }),
      delete: op('deletecollection', `deleteCollection${scope}${k.kind}`, { description: `delete collection of ${k.kind}`, parameters: [...LIST_PARAMS, WRITE_PARAMS[0]], responses: ok(`${META}.Status`) }),
    },
    [`${base}/{name}`]: {
      parameters: pathParams,
      get: op('get', `read${scope}${k.kind}`, { description: `read the specified ${k.kind}`, responses: ok(kindSchema) }),
      put: op('put', `replace${scope}${k.kind}`, { description: `replace the specified ${k.kind}`, parameters: WRITE_PARAMS, requestBody: body(kindSchema), responses: ok(kindSchema, ['200', '201']) }),
      patch: op('patch', `patch${scope}${k.kind}`, { description: `partially update the specified ${k.kind}`, parameters: [...WRITE_PARAMS, forceParam], requestBody: patchBody, responses: ok(kindSchema, ['200', '201']) }),
      delete: op('delete', `delete${scope}${k.kind}`, { description: `delete a ${k.kind}`, parameters: [WRITE_PARAMS[0], param('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'query', { type: 'integer' }), param('propagationPolicy', 'Whether and how garbage collection will be performed.')], responses: ok(`${META}.Status`, ['200', '202']) }),
    },
    [`/${groupVersionPath(k)}/watch${k.namespaced ? '/namespaces/{namespace}' : ''}/${k.plural}`]: {
      parameters: k.namespaced ? [pathParams[1]] : [],
      get: op('watchlist', `watch${scope}${k.kind}List`, { description: `watch individual changes to a list of ${k.kind}. deprecated: use the 'watch' parameter with a list operation instead.`, parameters: LIST_PARAMS, responses: ok(`${META}.WatchEvent`) }),
    },
  };
  if (k.namespaced) {
    paths[`/${groupVersionPath(k)}/${k.plural}`] = { get: op('list', `list${k.kind}ForAllNamespaces`, { description: `list or watch objects of kind ${k.kind}`, parameters: LIST_PARAMS, responses: ok(`${kindSchema}List`) }) };
  }
  for (const sub of k.subresources) {
    const schema = sub === 'scale' ? 'io.k8s.api.autoscaling.v1.Scale' : kindSchema;
    const name = `${scope}${k.kind}${sub === 'scale' ? 'Scale' : 'Status'}`;
    paths[`${base}/{name}/${sub}`] = {
      parameters: pathParams,
      get: op('get', `read${name}`, { description: `read ${sub} of the specified ${k.kind}`, responses: ok(schema) }),
      put: op('put', `replace${name}`, { description: `replace ${sub} of the specified ${k.kind}`, parameters: WRITE_PARAMS, requestBody: body(schema), responses: ok(schema, ['200', '201']) }),
      patch: op('patch', `patch${name}`, { description: `partially update ${sub} of the specified ${k.kind}`, parameters: [...WRITE_PARAMS, forceParam], requestBody: patchBody, responses: ok(schema, ['200', '201']) }),
    };
  }
  return paths;
}

const GROUP_VERSIONS = [...new Set(KINDS.map(groupVersionPath))];
const v3Cache = new Map<string, object>();
const HASH = 'kubelab-k8s-1-32';

export function openApiV3Index(prefix: string): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  // The hash query is what real servers use for caching; ours only changes with the generator.
  for (const gv of GROUP_VERSIONS) paths[gv] = { serverRelativeURL: `${prefix}/openapi/v3/${gv}?hash=${HASH}` };
  return { paths };
}

export function openApiV3Document(groupVersion: string): object | undefined {
  const gv = groupVersion.replace(/^\/+/, '').split('?')[0];
  if (!GROUP_VERSIONS.includes(gv)) return undefined;
  const cached = v3Cache.get(gv);
  if (cached) return cached;
  const kinds = KINDS.filter((k) => groupVersionPath(k) === gv);
  const ref = (name: string) => `#/components/schemas/${name}`;
  const paths = Object.assign({}, ...kinds.map((k) => operations(k, ref))) as Obj;
  const roots = [...kinds.flatMap((k) => [`${k8sPackageOf(k.module)}.${k.kind}`, `${k8sPackageOf(k.module)}.${k.kind}List`]), ...extraMeta];
  const schemas = reachable(roots, '#/components/schemas/');
  fixFormats(schemas, 'v3');
  addListSemantics(schemas);
  const doc = { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } };
  v3Cache.set(gv, doc);
  return doc;
}

let v2Cache: object | undefined;

/** Swagger 2.0 of every group-version, with the same list semantics as v3 (kubectl 1.27-1.29 read them from here). */
export function openApiV2(): object {
  if (v2Cache) return v2Cache;
  const ref = (name: string) => `#/definitions/${name}`;
  const paths: Obj = {};
  for (const k of KINDS) {
    for (const [p, item] of Object.entries(operations(k, ref))) paths[p] = toSwaggerPathItem(item as Obj);
  }
  const roots = [...KINDS.flatMap((k) => [`${k8sPackageOf(k.module)}.${k.kind}`, `${k8sPackageOf(k.module)}.${k.kind}List`]), ...extraMeta];
  const definitions = reachable(roots, '#/definitions/');
  fixFormats(definitions, 'v2');
  addListSemantics(definitions);
  v2Cache = { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, definitions };
  return v2Cache;
}

function toSwaggerParam(p: Obj): Obj {
  const { schema, ...rest } = p as { schema: Obj };
  return { ...rest, ...schema, uniqueItems: true };
}

function toSwaggerPathItem(item: Obj): Obj {
  const out: Obj = {};
  for (const [method, value] of Object.entries(item)) {
    if (method === 'parameters') {
      out.parameters = (value as Obj[]).map(toSwaggerParam);
      continue;
    }
    const op = { ...(value as Obj) };
    const params = ((op.parameters as Obj[] | undefined) ?? []).map(toSwaggerParam);
    const body = op.requestBody as { content: Record<string, { schema: Obj }> } | undefined;
    if (body) {
      params.push({ name: 'body', in: 'body', required: true, schema: Object.values(body.content)[0].schema });
      op.consumes = Object.keys(body.content);
      delete op.requestBody;
    }
    op.parameters = params;
    op.produces = ['application/json', 'application/yaml'];
    op.responses = Object.fromEntries(Object.entries(op.responses as Record<string, { content: Record<string, { schema: Obj }> }>).map(([code, r]) => [code, { description: 'OK', schema: r.content['application/json'].schema }]));
    out[method] = op;
  }
  return out;
}

