/**
 * The cluster network: CoreDNS's answers (plugin/kubernetes) and kube-proxy's routing,
 * computed from the store's Services, Endpoints and Pods at each call (clusters are small;
 * reading the store is cheaper than keeping a cache right), plus the listeners that modelled
 * servers and `nc -l` register. See README.md for how localhost works.
 */
import type { KubeObject } from '../types';
import { GR, type ClusterClient } from '../controllers/framework/client';
import { candidateNames, isIPv4, parseClusterName, type ClusterName } from './dns-names';
import type { ClusterNetwork, DialError, Listener } from './types';

export class AddressInUseError extends Error {
  constructor(readonly address: string) {
    super(`bind: Address in use (${address})`);
    this.name = 'AddressInUseError';
  }
}

interface ServiceView {
  type?: string;
  clusterIP?: string;
  ports?: { name?: string; port: number; protocol?: string }[];
}

interface Subset {
  addresses?: { ip: string; hostname?: string }[];
  ports?: { name?: string; port: number; protocol?: string }[];
}

const spec = (svc: KubeObject) => (svc.spec ?? {}) as ServiceView;
const subsetsOf = (ep: KubeObject | undefined) => (ep?.subsets ?? []) as Subset[];

export function isLoopback(ip: string): boolean {
  return ip === 'localhost' || ip.startsWith('127.');
}

export class SandboxNetwork implements ClusterNetwork {
  private readonly listeners = new Map<string, Listener>();
  private readonly roundRobin = new Map<string, number>();

  constructor(private readonly client: ClusterClient) {}

  resolve(name: string, namespace: string): { fqdn: string; addresses: string[] } | undefined {
    const trimmed = name.trim();
    if (isIPv4(trimmed)) return { fqdn: trimmed, addresses: [trimmed] };
    if (trimmed === 'localhost') return { fqdn: 'localhost', addresses: ['127.0.0.1'] };
    for (const fqdn of candidateNames(trimmed, namespace)) {
      const parsed = parseClusterName(fqdn);
      if (!parsed) continue;
      const addresses = this.lookup(parsed);
      if (addresses) return { fqdn, addresses };
    }
    return undefined;
  }

  /** Addresses for a cluster name; undefined = NXDOMAIN, [] = the name exists without records. */
  private lookup(name: ClusterName): string[] | undefined {
    if (name.kind === 'pod') return [name.ip];
    const svc = this.client.get(GR.services, name.namespace, name.service);
    if (!svc) return undefined;
    const ep = this.client.get(GR.endpoints, name.namespace, name.service);
    const addresses = subsetsOf(ep).flatMap((s) => s.addresses ?? []);
    if (name.kind === 'endpoint') {
      // CoreDNS answers <hostname>.<svc> from the headless Service's Endpoints, so a
      // StatefulSet pod's name resolves once the pod is ready (or published not-ready).
      if (spec(svc).clusterIP !== 'None') return undefined;
      const hit = addresses.find((a) => a.hostname === name.hostname);
      return hit ? [hit.ip] : undefined;
    }
    if (spec(svc).type === 'ExternalName') return undefined;
    if (spec(svc).clusterIP === 'None') return [...new Set(addresses.map((a) => a.ip))];
    return spec(svc).clusterIP ? [spec(svc).clusterIP!] : [];
  }

  dial(ip: string, port: number, from?: string): Listener | DialError {
    if (isLoopback(ip)) {
      if (!from) return 'ECONNREFUSED';
      return this.listeners.get(`${from}:${port}`) ?? 'ECONNREFUSED';
    }
    const svc = this.client.list(GR.services).find((s) => spec(s).clusterIP === ip && ip !== 'None');
    if (svc) return this.dialService(svc, port);
    const direct = this.listeners.get(`${ip}:${port}`);
    if (direct) return direct;
    return this.knownHost(ip) ? 'ECONNREFUSED' : 'EHOSTUNREACH';
  }

  /**
   * kube-proxy: a ClusterIP port goes to one ready endpoint's port of the same name, in turn.
   * No ready endpoint: kube-proxy's REJECT rule (refused). A port the Service does not expose
   * matches no rule and the packets go nowhere (timed out).
   */
  private dialService(svc: KubeObject, port: number): Listener | DialError {
    const sp = (spec(svc).ports ?? []).find((p) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
    if (!sp) return 'ETIMEDOUT';
    const ep = this.client.get(GR.endpoints, svc.metadata.namespace, svc.metadata.name!);
    const targets: Listener[] = [];
    for (const subset of subsetsOf(ep)) {
      const epPort = (subset.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? '') && (p.protocol ?? 'TCP') === 'TCP');
      if (!epPort) continue;
      for (const a of subset.addresses ?? []) {
        const l = this.listeners.get(`${a.ip}:${epPort.port}`);
        if (l) targets.push(l);
      }
    }
    if (targets.length === 0) return 'ECONNREFUSED';
    const key = `${svc.metadata.namespace}/${svc.metadata.name}:${port}`;
    const n = this.roundRobin.get(key) ?? 0;
    this.roundRobin.set(key, n + 1);
    return targets[n % targets.length];
  }

  /** A pod or node IP answers (with a reset when nothing listens); anything else is unreachable. */
  private knownHost(ip: string): boolean {
    for (const key of this.listeners.keys()) if (key.startsWith(`${ip}:`)) return true;
    if (this.client.list(GR.pods).some((p) => (p.status as { podIP?: string } | undefined)?.podIP === ip)) return true;
    return this.client.list(GR.nodes).some((n) => ((n.status as { addresses?: { address: string }[] } | undefined)?.addresses ?? []).some((a) => a.address === ip));
  }

  listen(podIP: string, listener: Listener): () => void {
    const key = `${podIP}:${listener.port}`;
    if (this.listeners.has(key)) throw new AddressInUseError(key);
    this.listeners.set(key, listener);
    return () => {
      if (this.listeners.get(key) === listener) this.listeners.delete(key);
    };
  }

  /** Ports something listens on at podIP (for RunningContainer.listeningPorts). */
  listeningPorts(podIP: string): number[] {
    const out: number[] = [];
    for (const key of this.listeners.keys()) {
      const i = key.lastIndexOf(':');
      if (key.slice(0, i) === podIP) out.push(Number(key.slice(i + 1)));
    }
    return out.sort((a, b) => a - b);
  }
}

export function createClusterNetwork(client: ClusterClient): SandboxNetwork {
  return new SandboxNetwork(client);
}
