import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectRoutes, type DirectRouteTable } from './direct-routes';

let server: http.Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** A server that tries the direct routes first and answers 'next' for whatever they leave. */
async function serve(routes: DirectRouteTable, log: string[] = []): Promise<number> {
  const direct = new DirectRoutes(routes, (l) => log.push(l));
  server = http.createServer((req, res) => {
    res.setHeader('x-frame-options', 'DENY'); // as PortalFront sets before
    if (direct.handleRequest(req, res)) return;
    res.end('next');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

function send(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('DirectRoutes', () => {
  it('answers a listed route with the handler\'s status, headers, every Set-Cookie and body, and leaves the others to Next.js', async () => {
    const port = await serve({
      'POST /api/lab/session': async () => {
        const h = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });
        h.append('set-cookie', 'a=1; Path=/');
        h.append('set-cookie', 'b=2; Path=/');
        return new Response(JSON.stringify({ clusterId: 'c1' }), { status: 201, headers: h });
      },
    });
    const a = await send(port, 'POST', '/api/lab/session?x=1', '{}');
    expect(a.status).toBe(201);
    expect(JSON.parse(a.text)).toEqual({ clusterId: 'c1' });
    expect(a.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(a.headers['cache-control']).toBe('no-store');
    expect(a.headers['x-frame-options']).toBe('DENY');
    expect((await send(port, 'GET', '/api/lab/session')).text).toBe('next');
    expect((await send(port, 'POST', '/api/lab/sessions')).text).toBe('next');
  });

  it('gives the handler the request\'s method, URL, headers and body', async () => {
    let seen: unknown;
    const port = await serve({
      'PUT /api/x': async (req) => {
        seen = { method: req.method, url: req.url, cookie: req.headers.get('cookie'), body: await req.json() };
        return new Response(null, { status: 204 });
      },
    });
    const a = await send(port, 'PUT', '/api/x?cursor=abc', '{"a":1}', { cookie: 'kubelab_learner=s.t' });
    expect(a.status).toBe(204);
    expect(seen).toEqual({ method: 'PUT', url: `http://127.0.0.1:${port}/api/x?cursor=abc`, cookie: 'kubelab_learner=s.t', body: { a: 1 } });
  });

  it('gives a handler a URL on localhost when the Host header makes none, instead of failing the request', async () => {
    let url = '';
    const port = await serve({
      'GET /api/x': async (req) => {
        url = req.url;
        return new Response('ok');
      },
    });
    const a = await send(port, 'GET', '/api/x?cursor=1', undefined, { host: 'a b/c' });
    expect(a).toMatchObject({ status: 200, text: 'ok' });
    expect(url).toBe('http://localhost/api/x?cursor=1');
  });

  it('streams a body as the handler makes it, and when the client goes, aborts the request\'s signal and cancels the body', async () => {
    let aborted = false;
    let cancelled = false;
    const port = await serve({
      'GET /api/lab/stream': async (req) => {
        req.signal.addEventListener('abort', () => (aborted = true));
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode('event: hello\ndata: {}\n\n'));
          },
          cancel() {
            cancelled = true;
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      },
    });
    const first = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/api/lab/stream', agent: false }, (res) => {
        res.once('data', (d: Buffer) => {
          resolve(d.toString());
          req.destroy();
        });
      });
      req.on('error', () => undefined);
      setTimeout(() => reject(new Error('no first event')), 5000);
    });
    expect(first).toBe('event: hello\ndata: {}\n\n');
    for (let i = 0; i < 100 && !(aborted && cancelled); i++) await new Promise((r) => setTimeout(r, 10));
    expect({ aborted, cancelled }).toEqual({ aborted: true, cancelled: true });
  });

  it('answers 500 with a plain sentence when the handler throws, logging the error, and keeps serving', async () => {
    const log: string[] = [];
    const port = await serve({ 'POST /api/boom': async () => Promise.reject(new Error('database is locked at /data/kubelab.db')) }, log);
    const a = await send(port, 'POST', '/api/boom', '{}');
    expect(a.status).toBe(500);
    expect(JSON.parse(a.text)).toEqual({ error: 'the server could not answer this request' });
    expect(a.text).not.toContain('/data');
    expect(log).toEqual(['route POST /api/boom failed: database is locked at /data/kubelab.db']);
    expect((await send(port, 'GET', '/')).text).toBe('next');
  });
});
