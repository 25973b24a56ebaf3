import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { apiRoutesToWarm, builtApiRoutes, loopbackOptions, warmRoutes } from './warm-routes';

describe('route warm-up', () => {
  it('warms the API routes of the build\'s manifest, leaving out pages and dynamic segments', () => {
    const manifest = {
      '/api/lab/session/route': 'app/api/lab/session/route.js',
      '/api/lab/stream/route': 'app/api/lab/stream/route.js',
      '/api/resources/[...path]/route': 'app/api/resources/[...path]/route.js',
      '/learn/[module]/[lesson]/page': 'app/learn/[module]/[lesson]/page.js',
      '/page': 'app/page.js',
    };
    expect(apiRoutesToWarm(manifest)).toEqual(['/api/lab/session', '/api/lab/stream']);
  });

  it('finds no routes in a directory without a build (development), and reads the manifest of one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-warm-'));
    expect(builtApiRoutes(dir)).toEqual([]);
    fs.mkdirSync(path.join(dir, 'server'));
    fs.writeFileSync(path.join(dir, 'server', 'app-paths-manifest.json'), JSON.stringify({ '/api/quiz/answer/route': 'x' }));
    expect(builtApiRoutes(dir)).toEqual(['/api/quiz/answer']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('goes on past a route that fails, and says which and why', async () => {
    const asked: string[] = [];
    const result = await warmRoutes(['/api/a', '/api/b', '/api/c'], async (p) => {
      asked.push(p);
      if (p === '/api/b') throw new Error('socket hang up');
      return p === '/api/c' ? 500 : 204;
    });
    expect(asked).toEqual(['/api/a', '/api/b', '/api/c']);
    expect(result).toEqual({ warmed: ['/api/a'], failed: [{ route: '/api/b', reason: 'socket hang up' }, { route: '/api/c', reason: 'answered 500' }] });
  });

  it('sends OPTIONS over loopback with a loopback Host, one route at a time', async () => {
    const seen: string[] = [];
    let inFlight = 0;
    let most = 0;
    const server = http.createServer((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      seen.push(`${req.method} ${req.url} ${req.headers.host}`);
      setTimeout(() => {
        inFlight--;
        res.writeHead(204).end();
      }, 5);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const result = await warmRoutes(['/api/lab/session', '/api/lab/stream'], loopbackOptions(port));
    server.close();
    expect(result.warmed).toEqual(['/api/lab/session', '/api/lab/stream']);
    expect(seen).toEqual([`OPTIONS /api/lab/session localhost:${port}`, `OPTIONS /api/lab/stream localhost:${port}`]);
    expect(most).toBe(1);
  });
});
