/**
 * The cluster network as containers see it: DNS names of Services and pods, ClusterIPs
 * routed to ready endpoints, and listeners in containers. The network is built from the
 * store's Services, Endpoints and Pods (network/cluster-network.ts); the runtime registers
 * listeners as modelled servers and `nc -l` start listening.
 */

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** What a process listening on a port does with a connection. */
export interface Listener {
  port: number;
  /** Answers an HTTP request (wget, curl, httpGet probes). */
  http?(req: HttpRequest, from: string): Promise<HttpResponse>;
  /** Answers a raw TCP exchange (nc, redis-cli-like clients): bytes in, bytes out. */
  tcp?(data: string, from: string): Promise<string>;
}

export type DialError = 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ETIMEDOUT';

export interface ClusterNetwork {
  /**
   * Resolves a name as a pod in `namespace` would (search path `<ns>.svc.cluster.local`,
   * `svc.cluster.local`, `cluster.local`): Service → ClusterIP (headless: ready pod IPs),
   * `<pod>.<svc>.<ns>.svc.cluster.local` → pod IP, a dotted IP → itself. Undefined = NXDOMAIN.
   */
  resolve(name: string, namespace: string): { fqdn: string; addresses: string[] } | undefined;
  /**
   * Connects to ip:port (a ClusterIP goes to a ready endpoint's targetPort). `from` is the
   * caller's pod IP: 127.0.0.1 (any 127.x) reaches the listeners of that pod, since a pod's
   * containers share one network namespace.
   */
  dial(ip: string, port: number, from?: string): Listener | DialError;
  /** A container's process listens on podIP:port; returns unregister. */
  listen(podIP: string, listener: Listener): () => void;
}
