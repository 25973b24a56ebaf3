import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClusterPath, openClusterGateway, type ClusterGateway } from './gateway';

describe('which paths a run may reach', () => {
  it.each([
    ['/k8s/c1/token-x/api/v1/pods', true],
    ['/k8s/c1/token-x/api?watch=1', true],
    ['/k8s/c2/token-x/api', false],
    ['/k8s/c1', false],
    ['/k8s/c10/token-x/api', false],
    ['/api/lab/kubeconfig', false],
    ['/k8s/c1/token-x/../../c2/token-y/api', false],
    ['/k8s/c1/token-x/%2e%2e/%2e%2e/c2/token-y/api', false],
    ['/k8s/c1%2f..%2fc2/api', false],
    ['http://evil/k8s/c1/token-x/api', false],
    ['', false],
  ])('%s for cluster c1: %s', (url, ok) => {
    expect(isClusterPath(url, 'c1')).toBe(ok);
  });
});

describe('a gateway on a unix socket', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-gw-'));
  const socketPath = path.join(dir, 'api.sock');
  const seen: string[] = [];
  let gw: ClusterGateway;
  beforeAll(async () => {
    gw = await openClusterGateway({ socketPath }, 'c1', {
      handleRequest: (req, res) => {
        seen.push(req.url!);
        if (req.url!.endsWith('/hang')) return true; // never answers: a watch
        res.end('ok');
        return true;
      },
      handleUpgrade: (req, socket) => {
        seen.push(`upgrade ${req.url}`);
        socket.end('HTTP/1.1 101 Switching Protocols\r\n\r\n');
        return true;
      },
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const get = (p: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http.get({ socketPath, path: p }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
        res.on('error', reject);
      }).on('error', reject);
    });

  it('passes the learner\'s cluster path to the sandbox host', async () => {
    expect(await get('/k8s/c1/token-x/api')).toEqual({ status: 200, body: 'ok' });
    expect(seen).toContain('/k8s/c1/token-x/api');
  });

  it('answers any other path with a Forbidden Status, without asking the host', async () => {
    const r = await get('/k8s/c2/token-y/api');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', reason: 'Forbidden', message: expect.stringMatching(/only your own cluster/) });
    expect(seen).not.toContain('/k8s/c2/token-y/api');
  });

  it('refuses an upgrade outside the cluster path', async () => {
    const answer = await new Promise<string>((resolve) => {
      const s = net.connect(socketPath, () => s.write('GET /k8s/c2/token-y/exec HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'));
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('close', () => resolve(got));
    });
    expect(answer).toMatch(/^HTTP\/1.1 403 Forbidden/);
    expect(seen.some((u) => u.startsWith('upgrade /k8s/c2'))).toBe(false);
  });

  it('cuts open streams when the run ends', async () => {
    const ended = new Promise<string>((resolve) => {
      http.get({ socketPath, path: '/k8s/c1/token-x/hang' }, () => undefined).on('error', (e) => resolve(e.message));
    });
    while (!seen.includes('/k8s/c1/token-x/hang')) await new Promise((r) => setImmediate(r));
    await gw.close();
    expect(await ended).toMatch(/socket hang up|ECONNRESET/);
  });
});
