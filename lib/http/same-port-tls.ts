/**
 * One port for http and https: the first byte of a connection tells them apart (a TLS handshake
 * record starts with 0x16, an HTTP request with a method's letter). Plain http keeps serving the
 * portal and prefix-form kubeconfigs; https lets kubectl send its bearer token (see
 * self-signed-cert.ts), so the sandbox can be reached at the Kubernetes root paths.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

const TLS_HANDSHAKE = 0x16;
/** A connection that sends nothing for this long is closed before it is handed on. */
const FIRST_BYTE_TIMEOUT_MS = 30_000;

export interface SamePortTls {
  /** The listening socket: listen() and close() on it. */
  listener: net.Server;
  /** The https server: its requests and upgrades go to the http server's handlers. */
  tlsServer: https.Server;
  /** Ends every connection, http and https (the listener's close() waits for them). */
  closeAllConnections(): void;
}

/**
 * Wraps an http server (its 'request' and 'upgrade' handlers already set) so that its port also
 * speaks TLS with the given key and certificate. Handlers tell the two apart by req.socket.encrypted.
 */
export function samePortTls(httpServer: http.Server, tls: { keyPem: string; certPem: string }): SamePortTls {
  const tlsServer = https.createServer({ key: tls.keyPem, cert: tls.certPem });
  tlsServer.on('request', (req, res) => httpServer.emit('request', req, res));
  tlsServer.on('upgrade', (req, socket, head) => httpServer.emit('upgrade', req, socket, head));
  // Failed handshakes (a scanner, a client that does not trust the certificate) end quietly.
  tlsServer.on('tlsClientError', (_err, socket) => socket.destroy());
  const listener = net.createServer({ pauseOnConnect: true }, (socket) => {
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.once('error', () => socket.destroy());
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      socket.setTimeout(0);
      if (!first) {
        socket.destroy();
        return;
      }
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? tlsServer : httpServer).emit('connection', socket);
    });
    socket.resume();
  });
  listener.on('close', () => {
    httpServer.close();
    tlsServer.close();
  });
  return {
    listener,
    tlsServer,
    closeAllConnections: () => {
      httpServer.closeAllConnections();
      tlsServer.closeAllConnections();
    },
  };
}
