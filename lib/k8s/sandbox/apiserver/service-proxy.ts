/**
 * The Services proxy subresource, `/api/v1/namespaces/N/services/[scheme:]S[:port]/proxy/<path>`
 * (k8s.io/kubernetes pkg/registry/core/service/proxy.go + ResourceLocation): the API server
 * picks a ready endpoint of the Service port (by name or number; the only port when none is
 * given) and forwards the HTTP request to it. Here the request reaches the modelled server
 * through the cluster network's kube-proxy (ClusterIP dial); the answer comes back as is.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../errors';
import type { ClusterNetwork } from '../network/types';
import type { StorePort } from './ports';
import { readBody } from './body';
import { GR } from '../registry/group-resources';

/** Splits the proxy name: `web`, `web:8080`, `web:http`, `https:web:443` (the scheme is ignored: the modelled servers speak HTTP). */
export function parseProxyName(name: string): { service: string; port?: string } {
  const parts = name.split(':');
  if (parts.length === 3) return { service: parts[1], port: parts[2] || undefined };
  if (parts.length === 2) return { service: parts[0], port: parts[1] || undefined };
  return { service: name };
}

interface ServicePort { name?: string; port: number; protocol?: string }

export async function serveServiceProxy(req: IncomingMessage, res: ServerResponse, opts: { store: StorePort; network: ClusterNetwork | undefined; namespace: string; name: string; path: string; query: URLSearchParams }): Promise<void> {
  const { service, port } = parseProxyName(opts.name);
  const svc = opts.store.get(GR.services, opts.namespace, service);
  if (!svc) throw errors.notFound('services', '', service);
  const spec = (svc.spec ?? {}) as { clusterIP?: string; ports?: ServicePort[] };
  const ports = spec.ports ?? [];
  const chosen = port === undefined ? (ports.length === 1 ? ports[0] : undefined) : ports.find((p) => p.name === port || String(p.port) === port);
  if (!chosen) throw errors.serviceUnavailable(`no endpoints available for service "${opts.name}"`);
  const target = opts.network && spec.clusterIP && spec.clusterIP !== 'None' ? opts.network.dial(spec.clusterIP, chosen.port) : 'ECONNREFUSED';
  if (typeof target === 'string' || !target.http) throw errors.serviceUnavailable(`no endpoints available for service "${opts.name}"`);
  const body = ['GET', 'HEAD'].includes(req.method ?? 'GET') ? '' : (await readBody(req)).toString('utf8');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'authorization' && k !== 'cookie') headers[k] = v;
  const qs = opts.query.toString();
  const answer = await target.http({ method: req.method ?? 'GET', path: `/${opts.path}${qs ? `?${qs}` : ''}`, headers, body }, '');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(answer.headers ?? {})) if (!/^(content-length|connection|transfer-encoding|set-cookie)$/i.test(k)) out[k] = v;
  const bytes = Buffer.from(answer.body ?? '');
  res.writeHead(answer.status, { ...out, 'Content-Length': bytes.length });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
