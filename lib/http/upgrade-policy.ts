/**
 * Upgrade requests (WebSocket) the portal does not serve. Only the sandbox API under /k8s takes
 * upgrades (kubectl exec, attach, port-forward, watch); anything else is answered and the socket
 * closed at once, so a client cannot hold file descriptors open by asking to upgrade elsewhere.
 */
import type { Duplex } from 'node:stream';

export function isSandboxUpgradePath(url: string | undefined): boolean {
  return url !== undefined && (url === '/k8s' || url.startsWith('/k8s/'));
}

/** Writes a complete HTTP/1.1 answer on a socket that asked to upgrade, then closes it. */
export function refuseUpgrade(socket: Duplex, status: 400 | 404 | 421 | 503, text: string): void {
  const reason = { 400: 'Bad Request', 404: 'Not Found', 421: 'Misdirected Request', 503: 'Service Unavailable' }[status];
  const body = Buffer.from(text);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${body.length}\r\nx-content-type-options: nosniff\r\n\r\n${text}`,
  );
  // A client that never reads must not keep the socket: end() waits for the write to drain.
  setTimeout(() => socket.destroy(), 1000).unref();
}
