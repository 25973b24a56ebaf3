/** core/v1 kinds (the legacy "" group). Columns and rows follow printers.go (v1.32). */
import { AGE_COLUMN, NAME_COLUMN, col } from '../columns';
import { define } from '../define';
import { statusSubresourceStrategy } from '../strategy';
import type { KubeObject } from '../deps';
import { accessModesString, formatLabels, translateTimestampSince, num, str } from '../format';
import type { ResourceDef } from '../types';
import { printPod } from './pod-printer';
import { printEventRow } from './event-printer';

const age = (o: KubeObject, now: number) => translateTimestampSince(o.metadata.creationTimestamp, now);
const name = (o: KubeObject) => str(o.metadata.name);

export const namespaces = define({
  group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status'],
  columns: [NAME_COLUMN, col('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  printRow: (o, { now }) => ({ cells: [name(o), str((o.status as { phase?: string })?.phase), age(o, now)] }),
});

function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].filter((r) => r !== '').sort();
}

export const nodes = define({
  group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'],
  subresources: ['status'],
  // nodeStrategy.PrepareForCreate keeps status: a kubelet registers its Node with capacity and addresses.
  strategy: statusSubresourceStrategy({ keepStatusOnCreate: true }),
  columns: [
    NAME_COLUMN,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE_COLUMN,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  printRow: (o, { now }) => {
    const status = (o.status ?? {}) as {
      conditions?: { type: string; status: string }[];
      addresses?: { type: string; address: string }[];
      nodeInfo?: Record<string, string>;
    };
    const states: string[] = [];
    const ready = status.conditions?.find((c) => c.type === 'Ready');
    if (ready) states.push(ready.status === 'True' ? 'Ready' : 'NotReady');
    if (states.length === 0) states.push('Unknown');
    if ((o.spec as { unschedulable?: boolean } | undefined)?.unschedulable) states.push('SchedulingDisabled');
    const roles = nodeRoles(o.metadata.labels).join(',') || '<none>';
    const addr = (t: string) => status.addresses?.find((a) => a.type === t)?.address || '<none>';
    const info = status.nodeInfo ?? {};
    return {
      cells: [
        name(o), states.join(','), roles, age(o, now), str(info.kubeletVersion),
        addr('InternalIP'), addr('ExternalIP'),
        info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>',
      ],
    };
  },
});

export const pods = define({
  group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'],
  subresources: ['status', 'log', 'exec', 'attach', 'eviction', 'binding', 'portforward', 'ephemeralcontainers', 'proxy'],
  columns: [
    NAME_COLUMN,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  printRow: printPod,
});

interface ServicePort { port?: number; nodePort?: number; protocol?: string }

function servicePorts(ports: ServicePort[] | undefined): string {
  const out = (ports ?? []).map((p) => {
    const proto = p.protocol ?? 'TCP';
    return p.nodePort ? `${num(p.port)}:${p.nodePort}/${proto}` : `${num(p.port)}/${proto}`;
  });
  return out.length ? out.join(',') : '<none>';
}

function serviceExternalIP(o: KubeObject): string {
  const spec = (o.spec ?? {}) as { type?: string; externalIPs?: string[]; externalName?: string };
  const lb = ((o.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } })?.loadBalancer?.ingress ?? [])
    .map((i) => i.ip || i.hostname || '')
    .filter(Boolean);
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return spec.externalIPs?.length ? spec.externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...lb, ...(spec.externalIPs ?? [])];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

export const services = define({
  group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'],
  subresources: ['status', 'proxy'],
  columns: [
    NAME_COLUMN,
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  printRow: (o, { now }) => {
    const spec = (o.spec ?? {}) as { type?: string; clusterIPs?: string[]; clusterIP?: string; ports?: ServicePort[]; selector?: Record<string, string> };
    return {
      cells: [
        name(o), spec.type ?? 'ClusterIP', spec.clusterIPs?.[0] ?? spec.clusterIP ?? '<none>', serviceExternalIP(o),
        servicePorts(spec.ports), age(o, now), formatLabels(spec.selector),
      ],
    };
  },
});

interface Subset { addresses?: { ip: string }[]; notReadyAddresses?: unknown[]; ports?: { port: number }[] }

/** formatEndpoints: up to three ip:port pairs, then " + N more...". */
function formatEndpoints(subsets: Subset[] | undefined): string {
  const list: string[] = [];
  let count = 0;
  const max = 3;
  for (const ss of subsets ?? []) {
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      for (const a of ss.addresses ?? []) {
        if (list.length < max) list.push(a.ip);
        count++;
      }
    } else {
      for (const p of ports) {
        for (const a of ss.addresses ?? []) {
          if (list.length < max) list.push(`${a.ip}:${p.port}`);
          count++;
        }
      }
    }
  }
  let ret = list.join(',');
  if (count > list.length) ret += ` + ${count - list.length} more...`;
  return ret === '' ? '<none>' : ret;
}

export const endpoints = define({
  group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', namespaced: true, shortNames: ['ep'],
  columns: [NAME_COLUMN, col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'), AGE_COLUMN],
  printRow: (o, { now }) => ({ cells: [name(o), formatEndpoints(o.subsets as Subset[] | undefined), age(o, now)] }),
});

const countKeys = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v).length : 0);

export const configmaps = define({
  group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'],
  columns: [NAME_COLUMN, col('Data', 'string', 'Data contains the configuration data.'), AGE_COLUMN],
  printRow: (o, { now }) => ({ cells: [name(o), countKeys(o.data) + countKeys(o.binaryData), age(o, now)] }),
});

export const secrets = define({
  group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true,
  columns: [NAME_COLUMN, col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'string', 'Data contains the secret data.'), AGE_COLUMN],
  printRow: (o, { now }) => ({ cells: [name(o), str(o.type), countKeys(o.data), age(o, now)] }),
});

export const serviceaccounts = define({
  group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'],
  columns: [NAME_COLUMN, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE_COLUMN],
  printRow: (o, { now }) => ({ cells: [name(o), Array.isArray(o.secrets) ? o.secrets.length : 0, age(o, now)] }),
});

export const persistentvolumeclaims = define({
  group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'],
  subresources: ['status'],
  columns: [
    NAME_COLUMN,
    col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  printRow: (o, { now }) => {
    const spec = (o.spec ?? {}) as { volumeName?: string; storageClassName?: string; volumeMode?: string; volumeAttributesClassName?: string };
    const status = (o.status ?? {}) as { phase?: string; accessModes?: string[]; capacity?: { storage?: string } };
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : str(status.phase);
    const bound = Boolean(spec.volumeName);
    return {
      cells: [
        name(o), phase, str(spec.volumeName), bound ? str(status.capacity?.storage) : '', bound ? accessModesString(status.accessModes) : '',
        str(spec.storageClassName), spec.volumeAttributesClassName || '<unset>', age(o, now), spec.volumeMode || '<unset>',
      ],
    };
  },
});

export const persistentvolumes = define({
  group: '', version: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, shortNames: ['pv'],
  subresources: ['status'],
  columns: [
    NAME_COLUMN,
    col('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    AGE_COLUMN,
    col('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
  ],
  printRow: (o, { now }) => {
    const spec = (o.spec ?? {}) as {
      capacity?: { storage?: string }; accessModes?: string[]; persistentVolumeReclaimPolicy?: string;
      claimRef?: { namespace?: string; name?: string }; storageClassName?: string; volumeMode?: string; volumeAttributesClassName?: string;
    };
    const status = (o.status ?? {}) as { phase?: string; reason?: string };
    const claim = spec.claimRef ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : '';
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : str(status.phase);
    return {
      cells: [
        name(o), str(spec.capacity?.storage), accessModesString(spec.accessModes), str(spec.persistentVolumeReclaimPolicy), phase, claim,
        str(spec.storageClassName), spec.volumeAttributesClassName || '<unset>', str(status.reason), age(o, now), spec.volumeMode || '<unset>',
      ],
    };
  },
});

export const EVENT_COLUMNS = [
  col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
  col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
  col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
  col('Object', 'string', 'The object that this event is about.'),
  col('Subobject', 'string', 'If the reference is to a subobject: the field path to it.', 1),
  col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
  col('Message', 'string', 'A human-readable description of the status of this operation.'),
  col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
  col('Count', 'string', 'The number of times this event has occurred.', 1),
  { ...NAME_COLUMN, priority: 1 },
];

export const events = define({
  group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'],
  columns: EVENT_COLUMNS,
  printRow: (o, { now }) => printEventRow(o, now),
});

interface QuotaStatus { hard?: Record<string, string>; used?: Record<string, string> }

/** printResourceQuota: "requests.cpu: 0/1" lists for the REQUEST and LIMIT columns. */
function quotaCells(o: KubeObject): [string, string] {
  const status = (o.status ?? {}) as QuotaStatus;
  const spec = (o.spec ?? {}) as { hard?: Record<string, string> };
  const hard = status.hard ?? spec.hard ?? {};
  const used = status.used ?? {};
  const requests: string[] = [];
  const limits: string[] = [];
  for (const key of Object.keys(hard).sort()) {
    const text = `${key}: ${used[key] ?? '0'}/${hard[key]}`;
    if (key.startsWith('limits.')) limits.push(text);
    else requests.push(text);
  }
  return [requests.join(', '), limits.join(', ')];
}

export const resourcequotas = define({
  group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true, shortNames: ['quota'],
  subresources: ['status'],
  columns: [NAME_COLUMN, AGE_COLUMN, col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'), col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.')],
  printRow: (o, { now }) => {
    const [req, lim] = quotaCells(o);
    return { cells: [name(o), age(o, now), req, lim] };
  },
});

export const limitranges = define({
  group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true, shortNames: ['limits'],
  columns: [NAME_COLUMN, col('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  printRow: (o) => ({ cells: [name(o), str(o.metadata.creationTimestamp)] }),
});

export const CORE_KINDS: ResourceDef[] = [
  namespaces, nodes, pods, services, endpoints, configmaps, secrets, serviceaccounts,
  persistentvolumeclaims, persistentvolumes, events, resourcequotas, limitranges,
];
