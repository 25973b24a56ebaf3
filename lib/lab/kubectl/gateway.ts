/**
 * The only way out of a confined kubectl run: a small HTTP server, made for one run, that passes
 * requests (and WebSocket upgrades, for exec) under one cluster's path to the sandbox host and
 * answers everything else with a Forbidden Status. It listens on a unix socket inside the run's
 * throwaway directory (the sandbox has no network of its own; socat inside it forwards kubectl's
 * loopback port to this socket), or, for unconfined development runs, on a loopback TCP port.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { errors, sendError } from '../../k8s/sandbox';

/** The part of the sandbox host a gateway needs (SandboxHost has both). */
export interface ClusterHandler {
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
}

export interface ClusterGateway {
  /** http://127.0.0.1:<port> for a TCP gateway; undefined for a unix socket one. */
  tcpBase?: string;
  close(): Promise<void>;
}

const OUTSIDE = 'the lab terminal reaches only your own cluster\'s API; this path is outside it';

/** True when the request path is this cluster's (`/k8s/<id>/...`); `..` and encoded slashes never pass. */
export function isClusterPath(rawUrl: string | undefined, clusterId: string): boolean {
  if (!rawUrl || !rawUrl.startsWith('/')) return false;
  const pathname = rawUrl.split('?')[0];
  if (/%2f|%2e|\/\.\.?(\/|$)/i.test(pathname)) return false;
  return pathname.startsWith(`/k8s/${clusterId}/`);
}

export async function openClusterGateway(listen: { socketPath: string } | { tcp: true }, clusterId: string, handler: ClusterHandler): Promise<ClusterGateway> {
  const sockets = new Set<Socket | Duplex>();
  const server = http.createServer((req, res) => {
    if (!isClusterPath(req.url, clusterId) || !handler.handleRequest(req, res)) sendError(res, errors.forbidden(OUTSIDE));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (isClusterPath(req.url, clusterId) && handler.handleUpgrade(req, socket, head)) return;
    const body = JSON.stringify(errors.forbidden(OUTSIDE).toStatus());
    socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if ('socketPath' in listen) server.listen(listen.socketPath, resolve);
    else server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  return {
    tcpBase: address && typeof address === 'object' ? `http://127.0.0.1:${(address as AddressInfo).port}` : undefined,
    close: () =>
      new Promise<void>((resolve) => {
        // Watches, log follows and exec streams end with the run: nothing of it outlives kubectl.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
