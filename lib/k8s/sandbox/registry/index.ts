/**
 * The registry: the one list of kinds the sandbox serves, and lookups over it. Paths,
 * discovery, Tables and admission all ask here.
 */
import { APPS_KINDS } from './kinds/apps';
import { BATCH_KINDS } from './kinds/batch';
import { CORE_KINDS } from './kinds/core';
import { OTHER_KINDS } from './kinds/other-groups';
import type { ResourceDef } from './types';

export type { ResourceDef, TableColumn, PrintedRow, PrintContext, Cell, SubresourceName } from './types';
export { beforeCreate, beforeUpdate, beforeStatusUpdate, type WriteStrategy, type MainWriteScope } from './strategy';

export const ALL_KINDS: readonly ResourceDef[] = [...CORE_KINDS, ...APPS_KINDS, ...BATCH_KINDS, ...OTHER_KINDS];

const byGroupVersionResource = new Map<string, ResourceDef>();
const byGroupKind = new Map<string, ResourceDef>();
for (const def of ALL_KINDS) {
  byGroupVersionResource.set(`${def.group}/${def.version}/${def.plural}`, def);
  byGroupKind.set(`${def.group}/${def.kind}`, def);
}

export function findResource(group: string, version: string, plural: string): ResourceDef | undefined {
  return byGroupVersionResource.get(`${group}/${version}/${plural}`);
}

/** apiVersion ("apps/v1" or "v1") + kind → definition. */
export function findKind(apiVersion: string, kind: string): ResourceDef | undefined {
  const [group, version] = splitApiVersion(apiVersion);
  const def = byGroupKind.get(`${group}/${kind}`);
  return def && def.version === version ? def : undefined;
}

export function splitApiVersion(apiVersion: string): [group: string, version: string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

export function apiVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** Group names with their versions, in the order the API server lists them. */
export function groupVersions(): { group: string; versions: string[] }[] {
  const out = new Map<string, Set<string>>();
  for (const d of ALL_KINDS) {
    if (!d.group) continue;
    if (!out.has(d.group)) out.set(d.group, new Set());
    out.get(d.group)!.add(d.version);
  }
  return [...out].map(([group, versions]) => ({ group, versions: [...versions] }));
}

export function kindsIn(group: string, version: string): ResourceDef[] {
  return ALL_KINDS.filter((d) => d.group === group && d.version === version);
}
