/**
 * pods/portforward, as the kubelet's streaming server answers it
 * (pkg/kubelet/cri/streaming/portforward/httpstream.go): the client opens, per forwarded
 * connection, an `error` stream and a `data` stream carrying the same `requestID` and the pod
 * `port`; the server connects to that port inside the pod and copies bytes both ways; a failure
 * is written to the error stream. Two transports carry the SPDY/3.1 session:
 * - kubectl 1.27-1.30: an HTTP upgrade to `SPDY/3.1` with `X-Stream-Protocol-Version: portforward.k8s.io`;
 * - kubectl 1.31+: a WebSocket with subprotocol `SPDY/3.1+portforward.k8s.io`, whose binary
 *   messages are the SPDY bytes (client-go tools/portforward tunneling_connection.go).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { errors, StatusError } from '../errors';
import type { ClusterNetwork } from '../network/types';
import type { KubeObject } from '../types';
import { ForwardedConnection } from './portforward-bridge';
import type { StorePort } from './ports';
import { SpdySession, type SpdyStream, type SpdyTransport } from './spdy/session';
import { rejectUpgrade, upgradeToSpdy, isSpdyUpgrade } from './spdy/upgrade';
import { GR } from '../registry/group-resources';

export const PORTFORWARD_PROTOCOL = 'portforward.k8s.io';
export const PORTFORWARD_TUNNEL_PROTOCOL = `SPDY/3.1+${PORTFORWARD_PROTOCOL}`;

const wss = new WebSocketServer({
  noServer: true,
  maxPayload: 2 * 1024 * 1024,
  handleProtocols: (protocols) => (protocols.has(PORTFORWARD_TUNNEL_PROTOCOL) ? PORTFORWARD_TUNNEL_PROTOCOL : false),
});

export interface PortForwardArgs {
  store: StorePort;
  network: ClusterNetwork | undefined;
  namespace: string;
  name: string;
}

export function handlePortForwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, args: PortForwardArgs): void {
  try {
    const pod = args.store.get(GR.pods, args.namespace, args.name);
    if (!pod) throw errors.notFound('pods', '', args.name);
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase !== 'Running') throw errors.badRequest(`pod ${args.name} is not running and cannot be port-forwarded (phase ${phase ?? 'Pending'})`);
    const network = args.network;
    if (!network) throw errors.badRequest('unable to upgrade connection: this cluster has no container runtime');
    const serve = (transport: SpdyTransport, feed: (session: SpdySession) => void) => {
      const session = new SpdySession(transport, (stream) => acceptStream(stream, pod, network, pairs));
      const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
      feed(session);
    };
    if (isSpdyUpgrade(req)) {
      upgradeToSpdy(req, socket, head, [PORTFORWARD_PROTOCOL], (sock, first) => {
        serve({ write: (b) => sock.write(b), close: () => sock.destroy() }, (session) => {
          sock.on('data', (d: Buffer) => session.receive(d));
          sock.on('end', () => sock.destroy());
          sock.on('close', () => session.end());
          sock.on('error', () => session.end());
          if (first.length) session.receive(first);
        });
      });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const close = () => {
        ws.close();
        // A client that is gone cannot answer the close handshake.
        setTimeout(() => ws.terminate(), 1000).unref();
      };
      serve({ write: (b) => ws.readyState === ws.OPEN && ws.send(b), close }, (session) => {
        ws.on('message', (raw: Buffer) => session.receive(raw));
        ws.on('close', () => session.end());
        // The client's side ended without a close frame (kubectl killed): end ours too.
        socket.once('end', () => socket.destroy());
        socket.once('close', () => session.end());
      });
    });
  } catch (e) {
    rejectUpgrade(socket, e instanceof StatusError ? e : errors.internal(String(e)));
  }
}

function acceptStream(stream: SpdyStream, pod: KubeObject, network: ClusterNetwork, pairs: Map<string, { error?: SpdyStream; data?: SpdyStream }>): boolean {
  const type = stream.headers.streamtype;
  const requestId = stream.headers.requestid ?? '';
  const port = Number(stream.headers.port);
  if ((type !== 'error' && type !== 'data') || !Number.isInteger(port) || port < 1 || port > 65535) return false;
  const pair = pairs.get(requestId) ?? {};
  if (pair[type]) return false;
  pair[type] = stream;
  pairs.set(requestId, pair);
  if (pair.error && pair.data) {
    pairs.delete(requestId);
    // Started after the SYN_REPLY of this stream is queued, so replies precede data.
    queueMicrotask(() => forward(pair.error!, pair.data!, port, pod, network));
  }
  return true;
}

function forward(errorStream: SpdyStream, data: SpdyStream, port: number, pod: KubeObject, network: ClusterNetwork): void {
  const podIP = (pod.status as { podIP?: string } | undefined)?.podIP ?? '';
  const target = podIP ? network.dial('127.0.0.1', port, podIP) : 'ECONNREFUSED';
  if (typeof target === 'string') {
    // The kubelet's wording (httpstream.go portForward) around containerd's dial error.
    errorStream.write(`error forwarding port ${port} to pod ${pod.metadata.uid ?? ''}, uid : failed to execute portforward in network namespace: failed to connect to localhost:${port} inside namespace "${pod.metadata.uid ?? ''}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `);
    errorStream.end();
    data.end();
    return;
  }
  const conn = new ForwardedConnection(target, {
    write: (b) => data.write(b),
    end: () => {
      data.end();
      errorStream.end();
    },
  });
  data.onData((b) => conn.data(b));
  data.onEnd(() => conn.end());
}
