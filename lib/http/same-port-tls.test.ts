import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { samePortTls } from './same-port-tls';
import { createSelfSignedCert, SANDBOX_TLS_SERVER_NAME } from './self-signed-cert';

function get(url: string, ca?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const opts = ca ? { ca, servername: SANDBOX_TLS_SERVER_NAME } : {};
    const req = (url.startsWith('https') ? https : http).get(url, opts, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
  });
}

describe('samePortTls', () => {
  it('serves http and https on one port with the same handler, which can tell them apart', async () => {
    const cert = createSelfSignedCert({ now: Date.now(), days: 1 });
    const server = http.createServer((req, res) => res.end(`${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'} ${req.url}`));
    const front = samePortTls(server, cert);
    await new Promise<void>((resolve) => front.listener.listen(0, '127.0.0.1', resolve));
    const port = (front.listener.address() as AddressInfo).port;
    try {
      expect(await get(`http://127.0.0.1:${port}/a`)).toBe('http /a');
      expect(await get(`https://127.0.0.1:${port}/b`, cert.certPem)).toBe('https /b');
      // A client that connects and sends garbage is handed to http, which answers 400 and goes on.
      const garbage = await new Promise<string>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => s.write('\u0000\u0001 not http\r\n\r\n'));
        let data = '';
        s.on('data', (d) => (data += d.toString()));
        s.on('close', () => resolve(data));
      });
      expect(garbage).toMatch(/^HTTP\/1\.1 400/);
      expect(await get(`http://127.0.0.1:${port}/c`)).toBe('http /c');
    } finally {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.listener.close(() => resolve()));
    }
  });
});
