/** /version, /api, /apis and the per group-version APIResourceLists, derived from the registry. */
import { ALL_KINDS, groupVersions, kindsIn, type ResourceDef } from '../registry';
import { VIRTUAL_GROUPS } from './virtual-groups';

export const KUBERNETES_VERSION = {
  major: '1',
  minor: '32',
  // kubectl on these machines is a dispatcher that picks its client from gitVersion.
  gitVersion: 'v1.32.2',
  gitCommit: '67a30c0adcf52bd3f56ff0893ce19966be12991f',
  gitTreeState: 'clean',
  buildDate: '2025-02-12T21:19:47Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions() {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
}

export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groupVersions().map(({ group, versions }) => apiGroup(group, versions)), ...VIRTUAL_GROUPS.map((g) => apiGroup(g.group, [g.version]))],
  };
}

function apiGroup(group: string, versions: string[]) {
  const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupFor(group: string) {
  const gv = groupVersions().find((g) => g.group === group) ?? VIRTUAL_GROUPS.filter((g) => g.group === group).map((g) => ({ group: g.group, versions: [g.version] }))[0];
  return gv ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(gv.group, gv.versions) } : undefined;
}

function resourceEntries(def: ResourceDef) {
  const main: Record<string, unknown> = {
    name: def.plural,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: def.verbs,
  };
  if (def.shortNames.length) main.shortNames = def.shortNames;
  if (def.categories.length) main.categories = def.categories;
  const out = [main];
  for (const sub of def.subresources) {
    const entry: Record<string, unknown> = { name: `${def.plural}/${sub}`, singularName: '', namespaced: def.namespaced, kind: def.kind, verbs: ['get', 'patch', 'update'] };
    if (sub === 'scale') {
      Object.assign(entry, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
    } else if (sub === 'log') {
      Object.assign(entry, { verbs: ['get'] });
    } else if (sub === 'exec') {
      Object.assign(entry, { kind: 'PodExecOptions', verbs: ['create', 'get'] });
    } else if (sub === 'attach') {
      Object.assign(entry, { kind: 'PodAttachOptions', verbs: ['create', 'get'] });
    } else if (sub === 'eviction') {
      Object.assign(entry, { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    } else if (sub === 'proxy') {
      Object.assign(entry, { kind: def.kind === 'Pod' ? 'PodProxyOptions' : 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] });
    } else if (sub === 'portforward') {
      Object.assign(entry, { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
    } else if (sub === 'binding') {
      Object.assign(entry, { kind: 'Binding', verbs: ['create'] });
    }
    out.push(entry);
  }
  return out;
}

export function apiResourceList(group: string, version: string) {
  const defs = kindsIn(group, version);
  const served = VIRTUAL_GROUPS.find((g) => g.group === group && g.version === version);
  if (served) return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${group}/${version}`, resources: served.resources };
  if (defs.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: defs.flatMap(resourceEntries),
  };
}

export const SERVED_KIND_COUNT = ALL_KINDS.length;
