/**
 * Hostile clients against pods/attach (kubectl attach, kubectl debug -it): a container that does
 * not exist, a pod only another cluster on the host has, a stdin flood into a main process that
 * never reads, a client that never reads what the container writes, and a client gone mid-stream.
 * Each gets a bounded, clear answer; the container keeps running and the API keeps answering.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { productComponents } from '../../lib/k8s/sandbox/components';

const MiB = 1024 * 1024;
const PODS = '/api/v1/namespaces/default/pods';

const pod = (name: string, command: string, stdin = false) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', command], ...(stdin ? { stdin: true } : {}) }] },
});

describe('hostile: kubectl attach', () => {
  let host: SandboxHost;
  let server: http.Server;
  const upgraded = new Set<Duplex>();
  let urlA: string;
  let urlB: string;
  let base: string;
  let a: { id: string; token: string };
  let b: { id: string; token: string };

  const request = async (url: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as { message?: string; status?: { phase?: string; containerStatuses?: { restartCount: number; state: { running?: unknown } }[] } } };
  };
  /** The API answers and the pod's main container still runs, never restarted. */
  const stillRunning = async (name: string) => {
    const r = await request(urlA, 'GET', `${PODS}/${name}`);
    expect(r.status).toBe(200);
    expect(r.body.status?.containerStatuses?.[0].state.running).toBeDefined();
    expect(r.body.status?.containerStatuses?.[0].restartCount).toBe(0);
  };
  const wsUrl = (url: string, name: string, query: string) => `${url.replace('http', 'ws')}${PODS}/${name}/attach?${query}`;
  /** Opens an attach WebSocket; resolves with it open, or with the refused upgrade's status and body. */
  const open = (url: string): Promise<{ ws?: WebSocket; status?: number; body?: string }> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, ['v5.channel.k8s.io']);
      ws.on('open', () => resolve({ ws }));
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      ws.on('error', reject);
    });
  /** stdout (channel 1) of an open attach session, as text. */
  const stdoutOf = (ws: WebSocket) => {
    const seen = { text: '' };
    ws.on('message', (m: Buffer) => {
      if (m[0] === 1) seen.text += m.subarray(1).toString();
    });
    return seen;
  };
  const until = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
    if (!cond()) throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id, scale: 10 }), components: productComponents });
    a = host.createCluster({ workers: 1 }).record;
    b = host.createCluster({ workers: 1 }).record;
    server = http.createServer((req, res) => {
      if (!host.handleRequest(req, res)) res.writeHead(404).end();
    });
    server.on('upgrade', (req, socket, head) => {
      upgraded.add(socket);
      if (!host.handleUpgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    urlA = host.serverURL(base, a.id);
    urlB = host.serverURL(base, b.id);
    // A chatty main process, one that reads nothing from the stdin it has, one without stdin.
    expect((await request(urlA, 'POST', PODS, pod('chatty', 'x=0123456789abcdef; x=$x$x$x$x$x$x$x$x; i=0; while true; do i=$((i+1)); echo "$i $x"; sleep 1; done'))).status).toBe(201);
    expect((await request(urlA, 'POST', PODS, pod('deaf', 'sleep 3600', true))).status).toBe(201);
    expect((await request(urlB, 'POST', PODS, pod('secret-b', 'sleep 3600'))).status).toBe(201);
    const running = async (url: string, name: string) => (await request(url, 'GET', `${PODS}/${name}`)).body.status?.containerStatuses?.[0]?.state.running !== undefined;
    for (let i = 0; i < 200; i++) {
      if ((await running(urlA, 'chatty')) && (await running(urlA, 'deaf')) && (await running(urlB, 'secret-b'))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 30_000);
  afterAll(async () => {
    host.close();
    for (const s of upgraded) s.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('a container that does not exist: 400 naming it before any upgrade, and the API keeps answering', async () => {
    await stillRunning('chatty');
    const r = await open(wsUrl(urlA, 'chatty', 'container=nope&stdout=true'));
    expect(r.ws).toBeUndefined();
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body!).message).toBe('unable to upgrade connection: container not found ("nope")');
    const missingPod = await open(wsUrl(urlA, 'nobody', 'stdout=true'));
    expect(missingPod.status).toBe(404);
    expect(JSON.parse(missingPod.body!).message).toBe('pods "nobody" not found');
    await stillRunning('chatty');
  });

  it('a pod only the other cluster has: 404 with this cluster\'s token, 401 for the other cluster\'s path with this token', async () => {
    const mine = await open(wsUrl(urlA, 'secret-b', 'stdout=true'));
    expect(mine.status).toBe(404);
    expect(JSON.parse(mine.body!).message).toBe('pods "secret-b" not found');
    const crossed = await open(wsUrl(urlB.replace(`token-${b.token}`, `token-${a.token}`), 'secret-b', 'stdout=true'));
    expect(crossed.ws).toBeUndefined();
    expect(crossed.status).toBe(401);
    expect((await request(urlB, 'GET', `${PODS}/secret-b`)).status).toBe(200);
  });

  it('64 MiB of stdin into a main process that never reads is held back by TCP, not by the server, and the API keeps answering', async () => {
    const { ws } = await open(wsUrl(urlA, 'deaf', 'stdin=true&stdout=true&stderr=true'));
    expect(ws).toBeDefined();
    const chunk = Buffer.concat([Buffer.from([0]), Buffer.alloc(MiB - 1, 0x61)]);
    for (let i = 0; i < 64; i++) ws!.send(chunk);
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
    // Most of it is still on the client: the server paused reading once the process's stdin filled.
    expect(ws!.bufferedAmount).toBeGreaterThan(32 * MiB);
    await stillRunning('deaf');
    ws!.terminate();
    await stillRunning('deaf');
  });

  it('stdin into a main process without stdin is dropped, as the runtime does, and the session stays usable', async () => {
    const { ws } = await open(wsUrl(urlA, 'chatty', 'stdin=true&stdout=true'));
    const out = stdoutOf(ws!);
    for (let i = 0; i < 8; i++) ws!.send(Buffer.concat([Buffer.from([0]), Buffer.alloc(256 * 1024, 0x62)]));
    await until(() => /^\d+ 0123/m.test(out.text), 'chatty output after the stdin');
    expect(out.text).not.toContain('bbbb');
    ws!.terminate();
    await stillRunning('chatty');
  });

  it('a client that never reads stalls neither the container nor another attached client', async () => {
    // A raw WebSocket handshake, then not one byte read.
    const port = Number(new URL(base).port);
    const path = new URL(wsUrl(urlA, 'chatty', 'stdout=true')).pathname + '?stdout=true';
    const stalled = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => stalled.once('connect', () => r()));
    stalled.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n`);
    stalled.pause();
    const { ws } = await open(wsUrl(urlA, 'chatty', 'stdout=true'));
    const out = stdoutOf(ws!);
    await until(() => (out.text.match(/^\d+ /gm) ?? []).length >= 3, 'three live lines beside the stalled client');
    const numbers = (out.text.match(/^(\d+) /gm) ?? []).map((l) => Number(l.trim()));
    expect(numbers[1]).toBe(numbers[0] + 1);
    await stillRunning('chatty');
    stalled.destroy();
    ws!.terminate();
  });

  it('a client gone mid-stream (socket destroyed, no close frame) leaves the container running and a new attach works', async () => {
    const first = await open(wsUrl(urlA, 'chatty', 'stdout=true'));
    const out1 = stdoutOf(first.ws!);
    await until(() => /^\d+ /m.test(out1.text), 'first output');
    (first.ws as unknown as { _socket: net.Socket })._socket.destroy();
    await stillRunning('chatty');
    const second = await open(wsUrl(urlA, 'chatty', 'stdout=true'));
    const out2 = stdoutOf(second.ws!);
    await until(() => /^\d+ /m.test(out2.text), 'output on a fresh attach');
    second.ws!.close();
    await stillRunning('chatty');
  });
});
