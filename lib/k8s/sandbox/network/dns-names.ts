/**
 * How a pod's resolver turns a name into the FQDNs it asks CoreDNS for: the kubelet writes
 * /etc/resolv.conf with `search <ns>.svc.cluster.local svc.cluster.local cluster.local` and
 * `options ndots:5` (pkg/kubelet/network/dns/dns.go), so a name with fewer than five dots
 * tries the search domains first, and a name ending in a dot is absolute.
 */
export const CLUSTER_DOMAIN = 'cluster.local';
/** The ClusterIP of kube-dns that pods' resolv.conf names as nameserver. */
export const DNS_SERVER_IP = '10.96.0.10';
const NDOTS = 5;

export function searchDomains(namespace: string): string[] {
  return [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
}

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** The FQDNs to try in order, without trailing dots. */
export function candidateNames(name: string, namespace: string): string[] {
  const lower = name.toLowerCase();
  if (lower.endsWith('.')) return [lower.slice(0, -1)];
  const dots = lower.split('.').length - 1;
  const searched = searchDomains(namespace).map((d) => `${lower}.${d}`);
  return dots >= NDOTS ? [lower, ...searched] : [...searched, lower];
}

/** What a cluster-domain FQDN names, by its shape. */
export type ClusterName =
  | { kind: 'service'; service: string; namespace: string }
  | { kind: 'endpoint'; hostname: string; service: string; namespace: string }
  | { kind: 'pod'; ip: string; namespace: string };

export function parseClusterName(fqdn: string): ClusterName | undefined {
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const labels = fqdn.slice(0, -suffix.length).split('.');
  if (labels.some((l) => l === '')) return undefined;
  const last = labels[labels.length - 1];
  if (last === 'svc' && labels.length === 3) return { kind: 'service', service: labels[0], namespace: labels[1] };
  if (last === 'svc' && labels.length === 4) return { kind: 'endpoint', hostname: labels[0], service: labels[1], namespace: labels[2] };
  if (last === 'pod' && labels.length === 3) {
    const ip = labels[0].replace(/-/g, '.');
    return isIPv4(ip) ? { kind: 'pod', ip, namespace: labels[1] } : undefined;
  }
  return undefined;
}
