/**
 * GR: the group/resource of every registered kind, by a short name, read from the kinds'
 * declarations (kinds/*), so a controller, the scheduler or the API server never spells a
 * group or a plural by hand.
 */
import type { GroupResource } from '../types';
import type { ResourceDef } from './types';
import { ALL_KINDS } from './index';
import * as apps from './kinds/apps';
import * as batch from './kinds/batch';
import * as core from './kinds/core';
import * as other from './kinds/other-groups';

/** The collection a kind is stored and served under. */
export function groupResourceOf(def: Pick<ResourceDef, 'group' | 'plural'>): GroupResource {
  return Object.freeze({ group: def.group, resource: def.plural });
}

export const GR = {
  pods: groupResourceOf(core.pods),
  nodes: groupResourceOf(core.nodes),
  namespaces: groupResourceOf(core.namespaces),
  services: groupResourceOf(core.services),
  endpoints: groupResourceOf(core.endpoints),
  events: groupResourceOf(core.events),
  configmaps: groupResourceOf(core.configmaps),
  secrets: groupResourceOf(core.secrets),
  serviceaccounts: groupResourceOf(core.serviceaccounts),
  pvcs: groupResourceOf(core.persistentvolumeclaims),
  pvs: groupResourceOf(core.persistentvolumes),
  endpointslices: groupResourceOf(other.endpointslices),
  deployments: groupResourceOf(apps.deployments),
  replicasets: groupResourceOf(apps.replicasets),
  statefulsets: groupResourceOf(apps.statefulsets),
  daemonsets: groupResourceOf(apps.daemonsets),
  controllerrevisions: groupResourceOf(apps.controllerrevisions),
  jobs: groupResourceOf(batch.jobs),
  cronjobs: groupResourceOf(batch.cronjobs),
  priorityclasses: groupResourceOf(other.priorityclasses),
  storageclasses: groupResourceOf(other.storageclasses),
  pdbs: groupResourceOf(other.poddisruptionbudgets),
  leases: groupResourceOf(other.leases),
} as const satisfies Record<string, GroupResource>;

/** Every collection the sandbox stores, once each (the garbage collector watches them all). */
export const SERVED_GROUP_RESOURCES: readonly GroupResource[] = [...new Map(ALL_KINDS.map((d) => [`${d.group}/${d.plural}`, groupResourceOf(d)])).values()];
