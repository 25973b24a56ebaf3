/**
 * Hostile cases for the portal's HTTP front (issue 15, item 5): what server.ts does before the
 * sandbox or Next.js see a request. A real server on a real port, with the real front and the
 * real sandbox host for /k8s; a stand-in answers where Next.js would (it records what reached it).
 * Requests are written byte by byte on raw sockets, so a case controls Host, upgrades and
 * headers as an attacker would; kubectl itself checks that a learner's machine still reaches
 * its cluster through the configured hosts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectRoutes } from '../../lib/http/direct-routes';
import { AllowedHosts } from '../../lib/http/allowed-hosts';
import { CLIENT_ADDRESS_HEADER } from '../../lib/http/client-address';
import { PortalFront } from '../../lib/http/portal-front';
import type { Env } from '../../lib/http/secure-cookie';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { memoryLearnerDb } from '../../lib/learners/db';
import { issueLearnerCookieValue, learnerCookieKey, LEARNER_COOKIE } from '../../lib/learners/identity';

const run = promisify(execFile);

interface Portal {
  port: number;
  /** Headers of every request that reached the stand-in for Next.js. */
  reachedNext: http.IncomingHttpHeaders[];
  /** Headers of every request that reached a route server.ts serves ahead of Next.js (lib/http/direct-routes.ts). */
  reachedDirect: string[];
  server: http.Server;
}

let dataDir: string;
let sandbox: SandboxHost;
let cluster: { id: string; token: string };
const db = memoryLearnerDb();
let key: Buffer;
const portals: Portal[] = [];
/** This machine's first non-loopback IPv4 address: where learners' machines reach the portal. */
const machineAddress = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

async function startPortal(env: Env): Promise<Portal> {
  const front = new PortalFront({ env, dev: false, cookieKey: key, learners: () => db, allowedHosts: AllowedHosts.fromEnv(env) });
  const reachedNext: http.IncomingHttpHeaders[] = [];
  const reachedDirect: string[] = [];
  // As server.ts: the lab session is served ahead of Next.js, after the front's checks.
  const direct = new DirectRoutes({ 'POST /api/lab/session': async (req) => (reachedDirect.push(req.headers.get('host') ?? ''), Response.json({ ok: true })) });
  const server = http.createServer((req, res) => {
    if (front.handleRequest(req, res)) return;
    if (sandbox.handleRequest(req, res)) return;
    if (direct.handleRequest(req, res)) return;
    reachedNext.push(req.headers);
    const html = (req.headers.accept ?? '').includes('text/html');
    const body = html ? '<!doctype html><title>page</title>' : JSON.stringify({ address: req.headers[CLIENT_ADDRESS_HEADER] });
    res.writeHead(200, { 'content-type': html ? 'text/html' : 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.on('upgrade', (req, socket, head) => front.handleUpgrade(req, socket, () => sandbox.handleUpgrade(req, socket, head)));
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const portal = { port: (server.address() as net.AddressInfo).port, reachedNext, reachedDirect, server };
  portals.push(portal);
  return portal;
}

interface RawAnswer {
  status: number;
  head: string;
  headers: Record<string, string[]>;
  body: string;
}

/** Writes a request as given and reads until the server closes the connection. */
function raw(port: number, text: string, host = '127.0.0.1'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host, () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const end = all.indexOf('\r\n\r\n');
      const head = end < 0 ? all : all.slice(0, end);
      const headers: Record<string, string[]> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) (headers[line.slice(0, i).toLowerCase()] ??= []).push(line.slice(i + 1).trim());
      }
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), head, headers, body: end < 0 ? '' : all.slice(end + 4) });
    });
  });
}

const get = (port: number, target: string, headers: Record<string, string> = {}) =>
  raw(port, `GET ${target} HTTP/1.1\r\n${Object.entries({ host: `localhost:${port}`, connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
const upgrade = (port: number, target: string, host = `localhost:${port}`) =>
  raw(port, `GET ${target} HTTP/1.1\r\nhost: ${host}\r\nconnection: Upgrade\r\nupgrade: websocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
const PAGE = { accept: 'text/html,application/xhtml+xml' };
const setCookies = (a: RawAnswer) => a.headers['set-cookie'] ?? [];

let portal: Portal;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-hostile-http-'));
  key = learnerCookieKey(dataDir);
  sandbox = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }) });
  cluster = sandbox.createCluster({ workers: 1 }).record;
  portal = await startPortal({});
});

afterAll(async () => {
  for (const p of portals) {
    p.server.closeAllConnections();
    await new Promise((resolve) => p.server.close(resolve));
  }
  sandbox.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The portal still answers an honest page load after whatever a case sent. */
async function stillAnswers(p = portal): Promise<void> {
  expect((await get(p.port, '/learn/module-05', PAGE)).status).toBe(200);
}

describe('security headers', () => {
  it.each([
    ['a lesson page', '/learn/module-05/daemonsets', PAGE],
    ['an API route', '/api/progress', {}],
    ['a static asset', '/_next/static/chunks/main.js', {}],
    ['the sandbox API', `/k8s/${'c'.repeat(33)}/api`, {}],
  ])('are on every answer: %s', async (_what, target, headers) => {
    const a = await get(portal.port, target, headers);
    expect(a.headers['content-security-policy']?.[0]).toMatch(/frame-ancestors 'none'/);
    expect(a.headers['x-content-type-options']).toEqual(['nosniff']);
    expect(a.headers['referrer-policy']).toEqual(['same-origin']);
    expect(a.headers['x-powered-by']).toBeUndefined();
  });
});

describe('a Host header that is not the portal', () => {
  it.each(['evil.example', `evil.example:${3000}`, 'localhost.evil.example', '127.0.0.1.nip.io', 'attacker.localhost', 'xn--lcalhost-m2a'])(
    'is answered 421 with a plain explanation and never reaches the app: %s',
    async (host) => {
      const before = portal.reachedNext.length;
      const a = await get(portal.port, '/learn/module-05', { ...PAGE, host });
      expect(a.status).toBe(421);
      expect(a.body).toMatch(/does not answer for the host name/);
      expect(setCookies(a)).toEqual([]);
      expect(a.headers['x-content-type-options']).toEqual(['nosniff']);
      expect(portal.reachedNext.length).toBe(before);
      await stillAnswers();
    },
  );

  it.each(['evil.example', 'a b/c', `localhost:${3000}@evil.example`])('is refused before a route served ahead of Next.js (the lab session): %s', async (host) => {
    const before = portal.reachedDirect.length;
    const a = await raw(portal.port, `POST /api/lab/session HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`);
    expect([400, 421]).toContain(a.status);
    expect(portal.reachedDirect.length).toBe(before);
    await stillAnswers();
  });

  it('(control) the portal\'s own Host does reach the route served ahead of Next.js', async () => {
    const before = portal.reachedDirect.length;
    const a = await raw(portal.port, `POST /api/lab/session HTTP/1.1\r\nhost: localhost:${portal.port}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`);
    expect(a.status).toBe(200);
    expect(portal.reachedDirect.length).toBe(before + 1);
  });

  it('that is missing, malformed, doubled or oversized is refused, never served', async () => {
    const before = portal.reachedNext.length;
    const answers = [
      await raw(portal.port, 'GET / HTTP/1.0\r\naccept: text/html\r\n\r\n'),
      await raw(portal.port, `GET / HTTP/1.1\r\nhost: localhost:${portal.port}@evil.example\r\nconnection: close\r\n\r\n`),
      await raw(portal.port, `GET / HTTP/1.1\r\nhost: evil.example\r\nhost: localhost\r\nconnection: close\r\n\r\n`),
      await raw(portal.port, `GET / HTTP/1.1\r\nhost: ${'a'.repeat(300)}\r\nconnection: close\r\n\r\n`),
      await raw(portal.port, `GET / HTTP/1.1\r\nhost: ${Buffer.from('lоcalhost').toString('latin1')}\r\nconnection: close\r\n\r\n`),
    ];
    for (const a of answers) expect([400, 421]).toContain(a.status);
    expect(portal.reachedNext.length).toBe(before);
    await stillAnswers();
  });

  it('of the portal itself is served by any of its names, whatever the case or port', async () => {
    for (const host of [`localhost:${portal.port}`, `LOCALHOST:${portal.port}`, `127.0.0.1:${portal.port}`, `[::1]:${portal.port}`, `${os.hostname()}:${portal.port}`, ...(machineAddress ? [machineAddress] : [])]) {
      expect((await get(portal.port, '/learn/module-05', { ...PAGE, host })).status, host).toBe(200);
    }
  });
});

describe('kubectl from a learner\'s machine', () => {
  async function kubectl(port: number, host: string): Promise<{ ok: boolean; out: string }> {
    const dir = fs.mkdtempSync(path.join(dataDir, 'kube-'));
    const config = path.join(dir, 'config');
    fs.writeFileSync(config, `apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: ${sandbox.serverURL(`http://${host}:${port}`, cluster.id)}\ncontexts:\n- name: lab\n  context: {cluster: lab, user: me}\ncurrent-context: lab\nusers:\n- name: me\n  user: {}\n`);
    try {
      const { stdout } = await run('kubectl', ['--kubeconfig', config, '--request-timeout=15s', 'get', 'namespaces', '-o', 'name'], { env: { ...process.env, KUBECONFIG: config, HOME: dir } });
      return { ok: true, out: stdout };
    } catch (err) {
      return { ok: false, out: String((err as { stderr?: string }).stderr ?? err) };
    }
  }

  it('reaches its cluster through the machine\'s address, which the default allowed hosts include', async () => {
    const r = await kubectl(portal.port, machineAddress ?? os.hostname());
    expect(r.out).toContain('namespace/default');
    expect(r.ok).toBe(true);
  });

  it('reaches it through a configured name only: with KUBELAB_ALLOWED_HOSTS set to another name the address is refused with the reason', async () => {
    const strict = await startPortal({ KUBELAB_ALLOWED_HOSTS: 'kubelab.class.example' });
    const r = await kubectl(strict.port, machineAddress ?? os.hostname());
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/Misdirected|does not answer for the host name|421/);
    expect((await kubectl(strict.port, '127.0.0.1')).ok).toBe(true);
  });
});

describe('an upgrade request', () => {
  it.each(['/', '/api/lab/stream', '/_next/webpack-hmr', '/learn/module-05/daemonsets', '/k8sx/evil', '/%6b8s/'])('outside /k8s is answered 404 and closed by the server: %s', async (target) => {
    const a = await upgrade(portal.port, target);
    expect(a.status).toBe(404);
    expect(a.body).toMatch(/only under \/k8s/);
    await stillAnswers();
  });

  it('to /k8s for a cluster that does not exist is answered 401 by the sandbox and closed', async () => {
    const a = await upgrade(portal.port, `/k8s/c${'0'.repeat(32)}/token-nope/api/v1/namespaces/default/pods/x/exec?command=sh`);
    expect(a.status).toBe(401);
  });

  it('on a Host that is not the portal is answered 421 and closed, even under /k8s', async () => {
    const a = await upgrade(portal.port, `/k8s/${cluster.id}/token-${cluster.token}/api/v1/namespaces/default/pods/x/exec?command=sh`, 'evil.example');
    expect(a.status).toBe(421);
  });

  it('repeated two hundred times outside /k8s leaves no connection open on the server', async () => {
    await Promise.all(Array.from({ length: 200 }, () => upgrade(portal.port, '/')));
    const open = () => new Promise<number>((resolve, reject) => portal.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
    // The client saw each close; the server's side of the last few may still be taking the client's FIN.
    for (let i = 0; i < 100 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await open()).toBe(0);
    await stillAnswers();
  });
});

describe('the client address handed to route handlers', () => {
  it('is the socket\'s, whatever the client wrote under its name or in X-Forwarded-For', async () => {
    const a = await get(portal.port, '/api/x', { [CLIENT_ADDRESS_HEADER]: '203.0.113.66', 'x-forwarded-for': '203.0.113.77' });
    expect(JSON.parse(a.body)).toEqual({ address: '127.0.0.1' });
  });

  it('is the entry our proxy appended when KUBELAB_TRUST_PROXY=1', async () => {
    const proxied = await startPortal({ KUBELAB_TRUST_PROXY: '1' });
    const a = await get(proxied.port, '/api/x', { [CLIENT_ADDRESS_HEADER]: '203.0.113.66', 'x-forwarded-for': '203.0.113.1, 198.51.100.23' });
    expect(JSON.parse(a.body)).toEqual({ address: '198.51.100.23' });
  });
});

describe('the learner cookie', () => {
  it('comes with a page load, httpOnly and SameSite, never cached for others, and writes no learner row', async () => {
    const before = (db.prepare('SELECT COUNT(*) AS n FROM learners').get() as { n: number }).n;
    const a = await get(portal.port, '/learn/module-05/jobs', PAGE);
    const [cookie] = setCookies(a);
    expect(cookie).toMatch(new RegExp(`^${LEARNER_COOKIE}=[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax; Max-Age=\\d+$`));
    expect(a.headers['cache-control']).toEqual(['private, no-store']);
    expect((db.prepare('SELECT COUNT(*) AS n FROM learners').get() as { n: number }).n).toBe(before);
  });

  it('is not issued to the API, assets, the sandbox, posts or non-HTML requests, nor again to a browser that has one', async () => {
    const issued = `${LEARNER_COOKIE}=${issueLearnerCookieValue(key)}`;
    const answers = [
      await get(portal.port, '/api/progress', PAGE),
      await get(portal.port, '/_next/static/chunks/app.js', PAGE),
      await get(portal.port, `/k8s/${cluster.id}/token-${cluster.token}/api`, PAGE),
      await get(portal.port, '/learn/module-05', { accept: '*/*' }),
      await raw(portal.port, `POST /learn/module-05 HTTP/1.1\r\nhost: localhost:${portal.port}\r\naccept: text/html\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`),
      await get(portal.port, '/learn/module-05', { ...PAGE, cookie: issued }),
    ];
    for (const a of answers) expect(setCookies(a)).toEqual([]);
  });

  it('replaces a forged one on the next page load', async () => {
    const a = await get(portal.port, '/learn/module-05', { ...PAGE, cookie: `${LEARNER_COOKIE}=${'A'.repeat(43)}.${'B'.repeat(43)}` });
    expect(setCookies(a)).toHaveLength(1);
  });

  it('is Secure behind https: by KUBELAB_PUBLIC_URL, or by X-Forwarded-Proto only from a trusted proxy', async () => {
    const publicHttps = await startPortal({ KUBELAB_PUBLIC_URL: 'https://kubelab.class.example' });
    const trusted = await startPortal({ KUBELAB_TRUST_PROXY: '1' });
    expect(setCookies(await get(publicHttps.port, '/learn/module-05', PAGE))[0]).toMatch(/; Secure$/);
    expect(setCookies(await get(trusted.port, '/learn/module-05', { ...PAGE, 'x-forwarded-proto': 'https' }))[0]).toMatch(/; Secure$/);
    expect(setCookies(await get(portal.port, '/learn/module-05', { ...PAGE, 'x-forwarded-proto': 'https' }))[0]).not.toMatch(/Secure/);
  });
});
