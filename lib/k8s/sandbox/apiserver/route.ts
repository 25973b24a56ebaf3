/** Parses an API path (after the cluster prefix) into what it addresses. */
import { findResource, type ResourceDef } from '../registry';

export type Route =
  | { type: 'version' }
  | { type: 'api' }
  | { type: 'apis' }
  | { type: 'group'; group: string }
  | { type: 'groupVersion'; group: string; version: string }
  | { type: 'openapi'; path: string }
  | { type: 'resource'; def: ResourceDef; namespace?: string; name?: string; subresource?: string; proxyPath?: string }
  | { type: 'notFound' };

export function parseRoute(pathname: string): Route {
  let segs: string[];
  try {
    segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    // A malformed %-escape cannot name anything we serve.
    return { type: 'notFound' };
  }
  if (segs.length === 1 && segs[0] === 'version') return { type: 'version' };
  if (segs[0] === 'openapi') return { type: 'openapi', path: segs.slice(1).join('/') };
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length === 1) return { type: 'api' };
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis') {
    if (segs.length === 1) return { type: 'apis' };
    if (segs.length === 2) return { type: 'group', group: segs[1] };
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else {
    return { type: 'notFound' };
  }
  if (rest.length === 0) return { type: 'groupVersion', group, version };
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !['status', 'finalize'].includes(rest[2])) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const def = findResource(group, version, rest[0]);
  // services/<name>/proxy/<any path>: everything after proxy is the path on the Service.
  const proxyPath = rest[2] === 'proxy' ? rest.slice(3).join('/') : undefined;
  if (proxyPath !== undefined) rest = rest.slice(0, 3);
  if (!def || rest.length > 3) return { type: 'notFound' };
  if (namespace !== undefined && !def.namespaced) return { type: 'notFound' };
  const name = rest[1];
  const subresource = rest[2];
  if (subresource !== undefined && !def.subresources.includes(subresource as never)) return { type: 'notFound' };
  // A namespaced object addressed without a namespace only makes sense for collections (-A).
  if (def.namespaced && namespace === undefined && name !== undefined) return { type: 'notFound' };
  return { type: 'resource', def, namespace, name, subresource, ...(proxyPath !== undefined ? { proxyPath } : {}) };
}
