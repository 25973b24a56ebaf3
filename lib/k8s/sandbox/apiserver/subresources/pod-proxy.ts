/**
 * The pods proxy subresource, `/api/v1/namespaces/N/pods/[scheme:]P[:port]/proxy/<path>`
 * (pkg/registry/core/pod/rest/subresources.go ProxyREST and strategy.go ResourceLocation): the
 * API server forwards the HTTP request to the pod's IP and port (the first declared container
 * port when none is named) and hands the answer back. `kubectl get --raw .../pods/web:80/proxy/`
 * uses it, and so does the portal's "open in a new tab" for a learner's pod.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../../errors';
import type { ClusterNetwork } from '../../network/types';
import type { StorePort } from '../ports';
import { readBody } from '../body';
import { parseProxyName } from '../service-proxy';
import { GR } from '../../registry/group-resources';

interface PodParts {
  spec?: { containers?: { ports?: { containerPort: number; name?: string }[] }[] };
  status?: { podIP?: string; phase?: string };
}

/** Headers a proxied answer never carries back: hop-by-hop ones, and cookies for the API server's origin. */
const DROPPED_ANSWER_HEADERS = /^(content-length|connection|transfer-encoding|keep-alive|set-cookie)$/i;

/** ResourceLocation: the pod's IP and the port (by number or container port name; the first declared one when none is given). */
export function podProxyTarget(pod: PodParts, name: string, port: string | undefined): { ip: string; port: number } {
  const ports = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  let chosen: number | undefined;
  if (port === undefined) chosen = ports[0]?.containerPort;
  else if (/^\d+$/.test(port)) chosen = Number(port);
  else chosen = ports.find((p) => p.name === port)?.containerPort;
  const ip = pod.status?.podIP ?? '';
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) throw errors.badRequest(`invalid pod IP ${JSON.stringify(ip)}`);
  if (chosen === undefined || chosen < 1 || chosen > 65535) {
    throw errors.badRequest(port === undefined ? `pod ${name} declares no container port: name one, as pods/${name}:<port>/proxy/` : `pod ${name} has no container port named ${JSON.stringify(port)}`);
  }
  return { ip, port: chosen };
}

export async function servePodProxy(req: IncomingMessage, res: ServerResponse, opts: { store: StorePort; network: ClusterNetwork | undefined; namespace: string; name: string; path: string; query: URLSearchParams }): Promise<void> {
  const { service: podName, port } = parseProxyName(opts.name);
  const pod = opts.store.get(GR.pods, opts.namespace, podName);
  if (!pod) throw errors.notFound('pods', '', podName);
  const target = podProxyTarget(pod as PodParts, podName, port);
  const where = `${target.ip}:${target.port}`;
  const listener = opts.network ? opts.network.dial(target.ip, target.port) : 'ECONNREFUSED';
  if (typeof listener === 'string') {
    const why = listener === 'ECONNREFUSED' ? 'connect: connection refused' : listener === 'EHOSTUNREACH' ? 'connect: no route to host' : 'i/o timeout';
    throw errors.serviceUnavailable(`error trying to reach service: dial tcp ${where}: ${why}`);
  }
  if (!listener.http) throw errors.serviceUnavailable(`error trying to reach service: ${where} does not answer HTTP (a raw TCP server: use kubectl port-forward)`);
  const body = ['GET', 'HEAD'].includes(req.method ?? 'GET') ? '' : (await readBody(req)).toString('utf8');
  const headers: Record<string, string> = {};
  // The caller's credentials for the API server are not the pod's business.
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'authorization' && k !== 'cookie') headers[k] = v;
  headers.host = where;
  const qs = opts.query.toString();
  const answer = await listener.http({ method: req.method ?? 'GET', path: `/${opts.path}${qs ? `?${qs}` : ''}`, headers, body }, '');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(answer.headers ?? {})) if (!DROPPED_ANSWER_HEADERS.test(k)) out[k] = v;
  const bytes = Buffer.from(answer.body ?? '');
  res.writeHead(answer.status, { ...out, 'Content-Length': bytes.length });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
