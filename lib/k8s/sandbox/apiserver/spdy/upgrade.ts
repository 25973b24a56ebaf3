/**
 * The HTTP side of a SPDY/3.1 upgrade (k8s.io/apimachinery util/httpstream/spdy upgrade.go and
 * httpstream.Handshake): the client sends `Connection: Upgrade`, `Upgrade: SPDY/3.1` and one
 * `X-Stream-Protocol-Version` per protocol it speaks; the server picks the first of its own it
 * finds and answers 101 with that protocol, or 403 when none is shared.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StatusError } from '../../errors';

export function isSpdyUpgrade(req: IncomingMessage): boolean {
  return String(req.headers.upgrade ?? '').toLowerCase().startsWith('spdy/3.1');
}

export function rejectUpgrade(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  const reason = err.code === 404 ? 'Not Found' : err.code === 401 ? 'Unauthorized' : err.code === 403 ? 'Forbidden' : 'Bad Request';
  socket.end(`HTTP/1.1 ${err.code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Offered protocols, from repeated or comma-joined X-Stream-Protocol-Version headers. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const raw = req.headersDistinct?.['x-stream-protocol-version'] ?? [];
  return raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function upgradeToSpdy(req: IncomingMessage, socket: Duplex, head: Buffer, supported: string[], onUpgraded: (socket: Duplex, first: Buffer, protocol: string) => void): void {
  const offered = offeredProtocols(req);
  const protocol = offered.find((p) => supported.includes(p)) ?? (offered.length === 0 ? supported[0] : undefined);
  if (!protocol) {
    const body = `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server supports [${supported.join(' ')}]`;
    socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    return;
  }
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`);
  onUpgraded(socket, head, protocol);
}
