/**
 * Container environment as the kubelet builds it (pkg/kubelet/kubelet_pods.go,
 * makeEnvironmentVariables): Service link variables first, then envFrom, then env with
 * $(VAR) expansion against what came before, valueFrom resolved from the pod, ConfigMaps
 * and Secrets. A missing non-optional reference is a CreateContainerConfigError.
 */
import type { KubeObject } from '../types';
import { GR, type ClusterClient } from '../controllers/framework/client';
import { parseQuantity } from '../core/quantity';
import { expandRefs } from '../core/expand-refs';

type Obj = Record<string, unknown>;

export interface EnvVar {
  name: string;
  value: string;
}

/** Why the container cannot be created; the kubelet shows `CreateContainerConfigError` with this message. */
export class ContainerEnvError extends Error {
  constructor(readonly container: string, message: string) {
    super(message);
    this.name = 'ContainerEnvError';
  }
}

export interface PodAddresses {
  podIP: string;
  hostIP: string;
}

interface EnvSource {
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
  prefix?: string;
}

interface EnvSpec {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { containerName?: string; resource: string; divisor?: string | number };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

interface ContainerSpec {
  name: string;
  env?: EnvSpec[];
  envFrom?: EnvSource[];
  resources?: { limits?: Obj; requests?: Obj };
}

/** Service names become `NAME_SERVICE_HOST`: upper case, dashes to underscores. */
function envName(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}

/**
 * Docker-link style variables for every Service with a ClusterIP in the pod's namespace
 * (pkg/kubelet/envvars), plus the `kubernetes` Service of the default namespace.
 */
export function serviceEnv(services: KubeObject[]): EnvVar[] {
  const out: EnvVar[] = [];
  const sorted = [...services].sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  for (const svc of sorted) {
    const spec = (svc.spec ?? {}) as { clusterIP?: string; ports?: { name?: string; port: number; protocol?: string }[] };
    if (!spec.clusterIP || spec.clusterIP === 'None') continue;
    const ports = spec.ports ?? [];
    if (ports.length === 0) continue;
    const n = envName(svc.metadata.name!);
    out.push({ name: `${n}_SERVICE_HOST`, value: spec.clusterIP });
    out.push({ name: `${n}_SERVICE_PORT`, value: String(ports[0].port) });
    for (const p of ports) if (p.name) out.push({ name: `${n}_SERVICE_PORT_${envName(p.name)}`, value: String(p.port) });
    const first = ports[0];
    out.push({ name: `${n}_PORT`, value: `${(first.protocol ?? 'TCP').toLowerCase()}://${spec.clusterIP}:${first.port}` });
    for (const p of ports) {
      const proto = (p.protocol ?? 'TCP').toUpperCase();
      const prefix = `${n}_PORT_${p.port}_${proto}`;
      out.push({ name: prefix, value: `${proto.toLowerCase()}://${spec.clusterIP}:${p.port}` });
      out.push({ name: `${prefix}_PROTO`, value: proto.toLowerCase() });
      out.push({ name: `${prefix}_PORT`, value: String(p.port) });
      out.push({ name: `${prefix}_ADDR`, value: spec.clusterIP });
    }
  }
  return out;
}

const FIELD_LABEL = /^metadata\.(labels|annotations)\['(.+)'\]$/;

/** fieldRef paths the downward API supports (pkg/apis/core/validation, validEnvDownwardAPIFieldPathExpressions). */
export function podField(pod: KubeObject, path: string, addrs: PodAddresses): string | undefined {
  const spec = (pod.spec ?? {}) as { nodeName?: string; serviceAccountName?: string };
  const m = FIELD_LABEL.exec(path);
  if (m) {
    const map = m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[m[2]] ?? '';
  }
  switch (path) {
    case 'metadata.name': return pod.metadata.name;
    case 'metadata.namespace': return pod.metadata.namespace;
    case 'metadata.uid': return pod.metadata.uid;
    case 'metadata.labels': return Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'metadata.annotations': return Object.entries(pod.metadata.annotations ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'spec.nodeName': return spec.nodeName ?? '';
    case 'spec.serviceAccountName': return spec.serviceAccountName ?? '';
    case 'status.hostIP': case 'status.hostIPs': return addrs.hostIP;
    case 'status.podIP': case 'status.podIPs': return addrs.podIP;
    default: return undefined;
  }
}

/** resourceFieldRef: limits fall back to the node's allocatable when unset; values round up by divisor. */
function resourceField(c: ContainerSpec, ref: { resource: string; divisor?: string | number }, node: KubeObject | undefined): string {
  const [kind, res] = ref.resource.split('.') as ['limits' | 'requests', string];
  let v = parseQuantity((c.resources?.[kind] as Obj | undefined)?.[res] as string | undefined);
  if (v === undefined && kind === 'limits') v = parseQuantity(((node?.status as { allocatable?: Obj } | undefined)?.allocatable?.[res]) as string | undefined);
  if (v === undefined) v = 0;
  const divisor = parseQuantity(ref.divisor ?? 1) || 1;
  return String(Math.ceil(v / divisor));
}

function decodeSecretValue(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

/** Map keys in the order the API serves them (sorted), whatever order the client sent. */
function sortedEntries(data: unknown): [string, string][] {
  return Object.entries((data ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A valid C_IDENTIFIER-ish env name (envFrom skips others). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * The container's final environment, in the order a process would see it: service links,
 * envFrom, then env (later entries override earlier ones with the same name).
 */
export function resolveEnv(pod: KubeObject, container: ContainerSpec, client: ClusterClient, addrs: PodAddresses): EnvVar[] {
  const ns = pod.metadata.namespace!;
  const vars = new Map<string, string>();
  // Upstream orders the result as declared (envFrom, env), then the remaining service links.
  const fromServices = new Set<string>();
  const set = (name: string, value: string) => {
    vars.delete(name);
    vars.set(name, value);
    fromServices.delete(name);
  };
  const spec = (pod.spec ?? {}) as { enableServiceLinks?: boolean; nodeName?: string };
  const services = spec.enableServiceLinks === false ? [] : client.list(GR.services, { namespace: ns });
  const kubernetes = ns === 'default' ? [] : [client.get(GR.services, 'default', 'kubernetes')].filter((s): s is KubeObject => Boolean(s));
  for (const v of serviceEnv([...kubernetes, ...services])) {
    set(v.name, v.value);
    fromServices.add(v.name);
  }

  const configMap = (name: string, optional: boolean | undefined): KubeObject | undefined => {
    const cm = client.get(GR.configmaps, ns, name);
    if (!cm && !optional) throw new ContainerEnvError(container.name, `configmap "${name}" not found`);
    return cm;
  };
  const secret = (name: string, optional: boolean | undefined): KubeObject | undefined => {
    const s = client.get(GR.secrets, ns, name);
    if (!s && !optional) throw new ContainerEnvError(container.name, `secret "${name}" not found`);
    return s;
  };

  for (const src of container.envFrom ?? []) {
    const prefix = src.prefix ?? '';
    if (src.configMapRef) {
      const cm = configMap(src.configMapRef.name, src.configMapRef.optional);
      for (const [k, v] of sortedEntries(cm?.data)) if (ENV_NAME.test(prefix + k)) set(prefix + k, v);
    } else if (src.secretRef) {
      const s = secret(src.secretRef.name, src.secretRef.optional);
      for (const [k, v] of sortedEntries(s?.data)) if (ENV_NAME.test(prefix + k)) set(prefix + k, decodeSecretValue(v));
      for (const [k, v] of sortedEntries(s?.stringData)) if (ENV_NAME.test(prefix + k)) set(prefix + k, v);
    }
  }

  const node = spec.nodeName ? client.get(GR.nodes, undefined, spec.nodeName) : undefined;
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      set(e.name, expandRefs(e.value ?? '', vars));
      continue;
    }
    if (from.fieldRef) {
      set(e.name, podField(pod, from.fieldRef.fieldPath, addrs) ?? '');
    } else if (from.resourceFieldRef) {
      const target = from.resourceFieldRef.containerName
        ? (((pod.spec as { containers?: ContainerSpec[] }).containers ?? []).find((c) => c.name === from.resourceFieldRef!.containerName) ?? container)
        : container;
      set(e.name, resourceField(target, from.resourceFieldRef, node));
    } else if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      const cm = configMap(ref.name, ref.optional);
      const value = (cm?.data as Record<string, string> | undefined)?.[ref.key];
      if (value === undefined) {
        if (ref.optional) continue;
        throw new ContainerEnvError(container.name, `couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}`);
      }
      set(e.name, value);
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const s = secret(ref.name, ref.optional);
      const raw = (s?.data as Record<string, string> | undefined)?.[ref.key];
      const plain = (s?.stringData as Record<string, string> | undefined)?.[ref.key];
      if (raw === undefined && plain === undefined) {
        if (ref.optional) continue;
        throw new ContainerEnvError(container.name, `couldn't find key ${ref.key} in Secret ${ns}/${ref.name}`);
      }
      set(e.name, plain ?? decodeSecretValue(raw!));
    }
  }
  const all = [...vars].map(([name, value]) => ({ name, value }));
  return [...all.filter((v) => !fromServices.has(v.name)), ...all.filter((v) => fromServices.has(v.name))];
}
