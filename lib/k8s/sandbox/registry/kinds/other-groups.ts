/**
 * The smaller groups: events.k8s.io, discovery.k8s.io, scheduling.k8s.io, storage.k8s.io,
 * policy and coordination.k8s.io. Columns and rows follow printers.go (v1.32).
 */
import { AGE_COLUMN, NAME_COLUMN, col } from '../columns';
import { define } from '../define';
import type { KubeObject } from '../deps';
import { at, num, str, translateTimestampSince } from '../format';
import type { ResourceDef } from '../types';
import { EVENT_COLUMNS } from './core';
import { printEventRow } from './event-printer';

const age = (o: KubeObject, now: number) => translateTimestampSince(o.metadata.creationTimestamp, now);
const name = (o: KubeObject) => str(o.metadata.name);

export const eventsV1 = define({
  group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'],
  columns: EVENT_COLUMNS,
  printRow: (o, { now }) => printEventRow(o, now),
});

/** formatDiscoveryPorts / formatDiscoveryEndpoints: `<unset>` for none, at most three shown. */
function listWithMore(items: string[], empty: string): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, 3).join(',');
  return items.length > 3 ? `${shown} + ${items.length - 3} more...` : shown;
}

export const endpointslices = define({
  group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true,
  columns: [
    NAME_COLUMN,
    col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
    col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
    AGE_COLUMN,
  ],
  printRow: (o, { now }) => {
    const ports = Array.isArray(o.ports) ? (o.ports as { port?: number }[]) : undefined;
    const portText = ports === undefined ? '<unset>' : ports.length === 0 ? '<unset>' : listWithMore(ports.map((p) => (p.port === undefined ? '<unset>' : String(p.port))), '<unset>');
    const addrs = ((o.endpoints ?? []) as { addresses?: string[] }[]).flatMap((e) => e.addresses ?? []);
    return { cells: [name(o), str(o.addressType), portText, listWithMore(addrs, '<unset>'), age(o, now)] };
  },
});

export const priorityclasses = define({
  group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, shortNames: ['pc'],
  columns: [
    NAME_COLUMN,
    col('Value', 'integer', 'value represents the integer value of this priority class.'),
    col('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.'),
    AGE_COLUMN,
    col('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  printRow: (o, { now }) => ({ cells: [name(o), num(o.value), o.globalDefault === true, age(o, now), str(o.preemptionPolicy)] }),
});

export const storageclasses = define({
  group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false, shortNames: ['sc'],
  columns: [
    NAME_COLUMN,
    col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
    col('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
    col('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE_COLUMN,
  ],
  printRow: (o, { now }) => {
    const annotations = o.metadata.annotations ?? {};
    const isDefault =
      annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return {
      cells: [
        isDefault ? `${name(o)} (default)` : name(o), str(o.provisioner), str(o.reclaimPolicy) || 'Delete', str(o.volumeBindingMode) || 'Immediate',
        o.allowVolumeExpansion === true ? 'true' : 'false', age(o, now),
      ],
    };
  },
});

export const poddisruptionbudgets = define({
  group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, shortNames: ['pdb'],
  subresources: ['status'],
  columns: [
    NAME_COLUMN,
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE_COLUMN,
  ],
  printRow: (o, { now }) => {
    const min = at(o, 'spec.minAvailable');
    const max = at(o, 'spec.maxUnavailable');
    return {
      cells: [name(o), min === undefined ? 'N/A' : String(min), max === undefined ? 'N/A' : String(max), num(at(o, 'status.disruptionsAllowed')), age(o, now)],
    };
  },
});

export const leases = define({
  group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true,
  columns: [NAME_COLUMN, col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE_COLUMN],
  printRow: (o, { now }) => ({ cells: [name(o), str(at(o, 'spec.holderIdentity')), age(o, now)] }),
});

export const OTHER_KINDS: ResourceDef[] = [eventsV1, endpointslices, priorityclasses, storageclasses, poddisruptionbudgets, leases];
