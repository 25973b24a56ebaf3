import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { GracefulShutdown, installGracefulShutdown, shutdownDeadlineMs, ShutdownSettingError, type ShutdownStep } from './graceful-shutdown';
import { HealthEndpoints } from './health';

let server: http.Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

interface Rig {
  port: number;
  health: HealthEndpoints;
  shutdown: GracefulShutdown;
  exits: number[];
  log: string[];
  /** Requests to /slow wait here until released. */
  releaseSlow: () => void;
  /** Whether a /slow answer has been written whole. */
  slowAnswered: () => boolean;
  /** Resolves when a /slow request has reached the handler. */
  slowReached: Promise<void>;
}

/** A plain http server is its own listener here (samePortTls's listener hands sockets to it in the product). */
async function rig(steps: ShutdownStep[], opts: { drainMs?: number; deadlineMs?: number } = {}): Promise<Rig> {
  const health = new HealthEndpoints([]);
  let release: () => void = () => {};
  let slowAnswered = false;
  const slow = new Promise<void>((r) => (release = r));
  let reached: () => void = () => {};
  const slowReached = new Promise<void>((r) => (reached = r));
  server = http.createServer((req, res) => {
    if (health.handleRequest(req, res)) return;
    if (req.url === '/slow') {
      reached();
      return void slow.then(() => res.end('finished', () => (slowAnswered = true)));
    }
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
      return;
    }
    res.end('hello');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const exits: number[] = [];
  const log: string[] = [];
  const shutdown = new GracefulShutdown({ listener: server, server, health, steps, drainMs: opts.drainMs ?? 5_000, deadlineMs: opts.deadlineMs ?? 10_000, exit: (c) => exits.push(c), log: (m) => log.push(m) });
  return { port: (server.address() as AddressInfo).port, health, shutdown, exits, log, releaseSlow: () => release(), slowAnswered: () => slowAnswered, slowReached };
}

function get(port: number, path: string): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

describe('graceful shutdown', () => {
  it('marks not ready, stops accepting, runs the steps in order and exits 0', async () => {
    const order: string[] = [];
    const r = await rig([
      { name: 'sleep clusters', run: () => void order.push('sleep') },
      { name: 'close store', run: async () => void order.push('store') },
      { name: 'close db', run: () => void order.push('db') },
    ]);
    expect(await get(r.port, '/')).toMatchObject({ body: 'hello' });
    expect(await r.shutdown.shutdown('shutting down (SIGTERM)')).toBe(0);
    expect(r.health.shuttingDown).toBe(true);
    expect(order).toEqual(['sleep', 'store', 'db']);
    expect(r.exits).toEqual([0]);
    expect(await connects(r.port)).toBe(false);
  });

  it('lets a request in flight finish before the steps run', async () => {
    const seenByStep: boolean[] = [];
    let r: Rig | undefined = undefined;
    r = await rig([{ name: 'sleep clusters', run: () => void seenByStep.push(r!.slowAnswered()) }]);
    const answer = get(r.port, '/slow');
    // In flight: the handler has it (a fixed wait was not enough on a loaded machine).
    await r.slowReached;
    const stopped = r.shutdown.shutdown('shutting down (SIGTERM)');
    await new Promise((res) => setTimeout(res, 20));
    expect(seenByStep).toEqual([]);
    r.releaseSlow();
    expect(await answer).toMatchObject({ status: 200, body: 'finished' });
    await stopped;
    expect(seenByStep).toEqual([true]);
    expect(r.exits).toEqual([0]);
  });

  it('closes a stream still open when the drain time is over, then runs the steps', async () => {
    const r = await rig([{ name: 'sleep clusters', run: () => undefined }], { drainMs: 50 });
    let opened: () => void = () => {};
    const open = new Promise<void>((r) => (opened = r));
    const closed = new Promise<string>((resolve) => {
      http.get({ host: '127.0.0.1', port: r.port, path: '/stream', agent: false }, (res) => {
        opened();
        res.resume();
        res.once('close', () => resolve('closed'));
      });
    });
    // Its answer began: the server holds the connection (not a fixed wait, which a loaded machine outlasts).
    await open;
    expect(r.shutdown.openConnections).toBe(1);
    await r.shutdown.shutdown('shutting down (SIGTERM)');
    expect(await closed).toBe('closed');
    expect(r.log.some((m) => m.includes('closed 1 connections still open'))).toBe(true);
    expect(r.exits).toEqual([0]);
  });

  it('runs the later steps when one fails, logs it, and exits 1', async () => {
    const ran: string[] = [];
    const r = await rig([
      { name: 'put every awake cluster to sleep', run: () => { throw new Error('disk full'); } },
      { name: 'close the learners database', run: () => void ran.push('db') },
    ]);
    expect(await r.shutdown.shutdown('shutting down (SIGTERM)')).toBe(1);
    expect(ran).toEqual(['db']);
    expect(r.log).toContain('shutdown: could not put every awake cluster to sleep: disk full');
    expect(r.exits).toEqual([1]);
  });

  it('exits 1 at the deadline when a step hangs', async () => {
    const r = await rig([{ name: 'close the store', run: () => new Promise<void>(() => {}) }], { deadlineMs: 30 });
    void r.shutdown.shutdown('shutting down (SIGTERM)');
    await new Promise((res) => setTimeout(res, 80));
    expect(r.exits).toEqual([1]);
    expect(r.log.some((m) => m.includes('not finished within 30 ms'))).toBe(true);
  });

  it('stops once for SIGTERM and SIGINT together (Ctrl-C reaches the server directly and through npm start)', async () => {
    let runs = 0;
    const health = new HealthEndpoints([]);
    server = http.createServer();
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const proc = new EventEmitter();
    const exits: number[] = [];
    installGracefulShutdown({ listener: server, server, health, steps: [{ name: 'count', run: () => void runs++ }], deadlineMs: 5_000, exit: (c) => exits.push(c), log: () => {} }, proc);
    proc.emit('SIGTERM');
    proc.emit('SIGINT');
    proc.emit('SIGTERM');
    await new Promise((res) => setTimeout(res, 20));
    expect(runs).toBe(1);
    expect(exits).toEqual([0]);
  });
});

describe('KUBELAB_SHUTDOWN_SECONDS', () => {
  it('defaults to 25 s, under the 30 s a kubelet waits by default', () => {
    expect(shutdownDeadlineMs({})).toBe(25_000);
    expect(shutdownDeadlineMs({ KUBELAB_SHUTDOWN_SECONDS: '40' })).toBe(40_000);
  });

  it('refuses anything but whole seconds from 1 to 3600, naming the setting', () => {
    for (const bad of ['0', '-1', '2.5', '1e3', '3601', 'soon', ' 5']) expect(() => shutdownDeadlineMs({ KUBELAB_SHUTDOWN_SECONDS: bad })).toThrow(ShutdownSettingError);
    expect(() => shutdownDeadlineMs({ KUBELAB_SHUTDOWN_SECONDS: 'soon' })).toThrow(/KUBELAB_SHUTDOWN_SECONDS="soon"/);
  });
});
