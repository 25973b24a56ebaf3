/**
 * A plain HTTP server over a SandboxHost's handlers: its requests and upgrades (exec, attach,
 * port-forward); anything that is not a sandbox path gets the API server's own 404 text, an
 * upgrade a dropped socket. `npm run
 * sandbox` serves one cluster with it, and tests that run the real kubectl against a host.
 */
import http from 'node:http';
import type { SandboxHost } from './host';

export function sandboxHttpServer(host: SandboxHost): http.Server {
  const server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found\n');
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (!host.handleUpgrade(req, socket, head)) socket.destroy();
  });
  return server;
}
