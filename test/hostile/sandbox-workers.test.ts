/**
 * Hostile cases for the sandbox's worker-thread transport (workers/): the main thread holds
 * every socket and forwards bytes to the worker that holds the cluster. A body that keeps
 * coming, a client that vanishes mid-stream and an upgraded session that never sends must
 * neither wedge the main thread nor leave anything in flight on the worker.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { lingerOnRefusedBody } from '../../lib/http/lingering-close';
import { MAX_BODY_BYTES } from '../../lib/k8s/sandbox/apiserver/body';
import type { ClusterRecord } from '../../lib/k8s/sandbox/records-file';
import { WorkerSandboxFront } from '../../lib/k8s/sandbox/workers/worker-front';
import { startSandboxWorker } from '../../lib/k8s/sandbox/workers/start-worker';

const MiB = 1024 * 1024;
const BIG = 64 * MiB;
const SETUP = new URL('../../lib/k8s/sandbox/workers/product-setup.ts', import.meta.url).href;

const until = async (cond: () => boolean | Promise<boolean>, what: string, tries = 600) => {
  for (let i = 0; i < tries; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('hostile: the sandbox worker transport', () => {
  let dataDir: string;
  let front: WorkerSandboxFront;
  let server: http.Server;
  let port: number;
  let cluster: ClusterRecord;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-hostile-workers-'));
    front = new WorkerSandboxFront({ workers: 1, dataDir, start: (index) => startSandboxWorker({ index, workers: 1, setup: SETUP, dataDir, maxActive: 4 }) });
    await front.ready;
    // As server.ts mounts it.
    server = http.createServer((req, res) => {
      lingerOnRefusedBody(req, res);
      if (!front.handleRequest(req, res)) res.writeHead(404).end();
    });
    server.on('upgrade', (req, socket, head) => {
      if (!front.handleUpgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    cluster = await front.createCluster({ workers: 1 });
  }, 60_000);

  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await front?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const url = (p: string) => `http://127.0.0.1:${port}/k8s/${cluster.id}/token-${cluster.token}${p}`;
  const answers = async () => (await fetch(url('/api/v1/namespaces/default/configmaps'))).status === 200;

  it('lets a raw client sending 64 MiB read the 413 Status, stops forwarding the body to the worker, and keeps answering', async () => {
    const { received, sent } = await new Promise<{ received: string; sent: number }>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 'a'), Buffer.from('\r\n')]);
      let got = '';
      let n = 0;
      let ended = false;
      const pump = () => {
        while (!ended && n < BIG) {
          n += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
      };
      socket.on('connect', () => {
        socket.write(`POST /k8s/${cluster.id}/token-${cluster.token}/api/v1/namespaces/default/configmaps HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`);
        pump();
      });
      socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
      const done = () => {
        if (ended) return;
        ended = true;
        resolve({ received: got, sent: n });
      };
      socket.on('error', done);
      socket.on('close', done);
    });
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toContain(`Request entity too large: limit is ${MAX_BODY_BYTES}`);
    expect(sent).toBeLessThan(BIG);
    await until(() => front.inFlight() === 0, 'nothing in flight on the worker');
    expect(await answers()).toBe(true);
  }, 60_000);

  it('ends a watch on the worker when its client vanishes in the middle of a stream of events', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.on('connect', r));
    socket.write(`GET /k8s/${cluster.id}/token-${cluster.token}/api/v1/namespaces/default/configmaps?watch=1 HTTP/1.1\r\nhost: localhost\r\n\r\n`);
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString()));
    await until(() => got.includes('200 OK'), 'the watch to start');
    for (let i = 0; i < 20; i++) {
      await fetch(url('/api/v1/namespaces/default/configmaps'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `mid-${i}` }, data: { big: 'x'.repeat(50_000) } }) });
      if (i === 10) socket.destroy();
    }
    await until(() => front.inFlight() === 0, 'the worker to end the watch');
    expect(await answers()).toBe(true);
  }, 60_000);

  it('keeps the main thread answering while an exec session never sends, and releases it when the client goes', async () => {
    await fetch(url('/api/v1/namespaces/default/pods'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'quiet' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } }) });
    await until(async () => ((await (await fetch(url('/api/v1/namespaces/default/pods/quiet'))).json()) as { status?: { phase?: string } }).status?.phase === 'Running', 'the pod to run');
    const ws = new WebSocket(`ws://127.0.0.1:${port}/k8s/${cluster.id}/token-${cluster.token}/api/v1/namespaces/default/pods/quiet/exec?command=cat&stdin=true&stdout=true&container=c`, ['v5.channel.k8s.io']);
    await new Promise((r) => ws.on('open', r));
    // The session is open and silent: the main thread and the worker keep serving others.
    expect(await answers()).toBe(true);
    expect(await answers()).toBe(true);
    await until(() => front.inFlight() === 1, 'only the silent session in flight');
    ws.terminate();
    await until(() => front.inFlight() === 0, 'the worker to close the session');
    expect(await answers()).toBe(true);
  }, 60_000);
});
