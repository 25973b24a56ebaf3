/** ClusterIP allocation from the service CIDR 10.96.0.0/12 (10.96.0.1 is the kubernetes Service). */
import type { StorePort } from './ports';
import { GR } from '../registry/group-resources';

export const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16);
export const SERVICE_CIDR_SIZE = 1 << 20;

function toIP(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Picks the first free address after 10.96.0.9, the range kube-dns and friends use. */
export function allocateClusterIP(store: StorePort): string {
  const used = new Set<string>();
  for (const svc of store.list(GR.services).items) {
    const ip = (svc.spec as { clusterIP?: string } | undefined)?.clusterIP;
    if (ip) used.add(ip);
  }
  for (let i = 10; i < SERVICE_CIDR_SIZE - 1; i++) {
    const ip = toIP(SERVICE_CIDR_BASE + i);
    if (!used.has(ip)) return ip;
  }
  throw new Error('service CIDR 10.96.0.0/12 is exhausted');
}
