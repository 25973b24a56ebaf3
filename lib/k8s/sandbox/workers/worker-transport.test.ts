/**
 * The worker transport in one thread: the main thread's WorkerLink and a WorkerSide serving a
 * real SandboxHost, joined by a MessageChannel (the same messages a worker's port carries),
 * with a real HTTP server and sockets on the main side.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SandboxHost } from '../host';
import { sandboxParts } from '../parts';
import type { Executor } from '../apiserver/exec';
import { clusterOperations } from '../../../lab/cluster-operations';
import { clusterStreams, eventsStream } from '../../../lab/cluster-streams';
import type { StreamSink } from './front';
import { WorkerLink, WorkerStoppedError, type WorkerPort } from './worker-link';
import { WorkerSide, type WorkerEndpoint } from './worker-side';

/** Bytes given to `stall`, a command whose stdin is full from its first bytes on. */
let stalled = 0;

/** `cat`: echoes stdin once it is closed; `stall` never reads past its first write. */
const executor: Executor = (req, io) => {
  let buffered = '';
  if (req.command[0] === 'stall') {
    return {
      write: (d) => {
        stalled += d.length;
        return new Promise<void>(() => undefined);
      },
      closeStdin: () => io.exit(0),
      kill: () => io.exit(137),
    };
  }
  return {
    write: (d) => {
      buffered += d.toString();
    },
    closeStdin: () => {
      io.stdout(buffered);
      io.exit(0);
    },
    kill: () => undefined,
  };
};

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
};

describe('the sandbox worker transport', () => {
  let host: SandboxHost;
  let link: WorkerLink;
  let server: http.Server;
  let channel: MessageChannel;
  let base: string;
  const upgraded = new Set<import('node:stream').Duplex>();

  beforeEach(async () => {
    host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }) });
    const { record, cluster } = host.createCluster({ workers: 1 });
    cluster.api.setExecutor(executor);
    cluster.store.create({ group: '', resource: 'pods' }, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'box', namespace: 'default' },
      spec: { containers: [{ name: 'main', image: 'busybox' }], nodeName: 'worker-1' },
      status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] },
    });
    channel = new MessageChannel();
    new WorkerSide(channel.port2 as unknown as WorkerEndpoint, host, clusterOperations, undefined, clusterStreams);
    link = new WorkerLink(0, channel.port1 as unknown as WorkerPort);
    server = http.createServer((req, res) => link.forwardRequest(req, res));
    server.on('upgrade', (req, socket, head) => {
      upgraded.add(socket);
      link.forwardUpgrade(req, socket, head);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/k8s/${record.id}/token-${record.token}`;
  });

  afterEach(async () => {
    // A paused upgraded socket does not see its client leave (exec ends it after its stall limit).
    for (const socket of upgraded) socket.destroy();
    upgraded.clear();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    channel.port1.close();
    host.close();
  });

  const cluster = () => host.listClusters().map((r) => host.getCluster(r.id)!.cluster)[0];

  it('carries a request body sent in pieces and streams a watch event by event', async () => {
    const watch = await fetch(`${base}/api/v1/namespaces/default/configmaps?watch=1`);
    const reader = watch.body!.getReader();
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pieces' }, data: { a: 'x'.repeat(100_000) } });
    const created = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      // Three pieces, the last one later: the worker reads the body as it arrives.
      req.write(body.slice(0, 10));
      req.write(body.slice(10, 50_000));
      setTimeout(() => req.end(body.slice(50_000)), 20);
    });
    expect(created).toBe(201);
    let seen = '';
    // Until the event's whole line is here: a 100 kB event may arrive in several reads.
    const whole = () => seen.includes('"pieces"') && seen.indexOf('\n', seen.indexOf('"pieces"')) > 0;
    while (!whole()) seen += Buffer.from((await reader.read()).value!).toString();
    const event = seen.split('\n').map((l) => (l ? JSON.parse(l) : undefined)).find((e) => e?.object.metadata.name === 'pieces');
    expect(event).toMatchObject({ type: 'ADDED', object: { data: { a: 'x'.repeat(100_000) } } });
    await reader.cancel();
  });

  it('ends the exchange on the worker when the client goes away in the middle of a watch', async () => {
    const req = http.get(`${base}/api/v1/namespaces/default/pods?watch=1`);
    await new Promise((r) => req.on('response', r));
    await until(() => cluster().api.watchCount === 1, 'the watch to open');
    expect(link.inFlight()).toBe(1);
    req.destroy();
    await until(() => cluster().api.watchCount === 0, 'the worker to end the watch');
    expect(link.inFlight()).toBe(0);
  });

  it('carries an exec session\'s bytes both ways over the upgraded socket', async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/namespaces/default/pods/box/exec?command=cat&stdin=true&stdout=true&container=main`, ['v5.channel.k8s.io']);
    const out: Buffer[] = [];
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    ws.on('message', (d: Buffer) => out.push(d));
    await new Promise((r) => ws.on('open', r));
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello through the port')]));
    ws.send(Buffer.from([255, 0]));
    await closed;
    const stdout = out.filter((f) => f[0] === 1).map((f) => f.subarray(1).toString()).join('');
    expect(stdout).toBe('hello through the port');
    expect(out.some((f) => f[0] === 3 && f.subarray(1).toString().includes('Success'))).toBe(true);
  });

  it('pauses the client\'s socket while an exec command reads none of its stdin, as a socket of its own would', async () => {
    stalled = 0;
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/namespaces/default/pods/box/exec?command=stall&stdin=true&stdout=true&container=main`, ['v5.channel.k8s.io']);
    await new Promise((r) => ws.on('open', r));
    // 16 MiB of stdin in 64 KiB frames, sent without waiting.
    const frame = Buffer.concat([Buffer.from([0]), Buffer.alloc(64 * 1024, 'a')]);
    for (let i = 0; i < 256; i++) ws.send(frame);
    await until(() => stalled > 0, 'the command to get its first bytes');
    // Wait until nothing moves any more (the client's buffer stops shrinking).
    let last = -1;
    let still = 0;
    await until(() => {
      still = ws.bufferedAmount === last ? still + 1 : 0;
      last = ws.bufferedAmount;
      return still >= 10;
    }, 'the client to stop draining');
    // The rest waits in the client: neither thread took it in.
    expect(ws.bufferedAmount).toBeGreaterThan(8 * 1024 * 1024);
    expect(stalled).toBeLessThan(1024 * 1024);
    ws.terminate();
  });

  it('answers what is in flight with 503 and rejects calls when the worker stops', async () => {
    const watch = http.get(`${base}/api/v1/namespaces/default/pods?watch=1`);
    const res = await new Promise<http.IncomingMessage>((r) => watch.on('response', r));
    const ended = new Promise<void>((resolve) => res.on('close', () => resolve()));
    res.resume();
    const rejected = expect(link.call({ method: 'paused', clusterId: 'nobody' })).rejects.toBeInstanceOf(WorkerStoppedError);
    link.stop('exit code 1');
    await ended;
    await rejected;
    const after = await fetch(`${base}/api/v1/namespaces/default/pods`);
    expect(after.status).toBe(503);
    expect(await after.json()).toMatchObject({ kind: 'Status', code: 503, message: expect.stringContaining('restarted') });
  });

  /** A sink that keeps the stream's text and how it ended. */
  function collect() {
    // ended: null while open; the message (or undefined) once it ended.
    const got = { text: '', ended: null as string | undefined | null };
    const sink: StreamSink = { chunk: (b) => void (got.text += Buffer.from(b).toString()), end: (message) => void (got.ended = message) };
    return { got, sink };
  }

  it('streams the bench\'s events from the worker as server-sent text, and stops the watches there when the stream stops', async () => {
    const id = host.listClusters()[0].id;
    const { got, sink } = collect();
    const stop = link.openStream(id, eventsStream('default', undefined), sink);
    await until(() => (got.text.match(/"type":"SNAPSHOT"/g) ?? []).length === 11, 'eleven snapshots');
    await until(() => cluster().api.watchCount === 11, 'eleven watches on the worker');
    expect(got.text).toContain('"name":"box"');
    cluster().store.create({ group: '', resource: 'pods' }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'later', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await until(() => got.text.includes('"name":"later"'), 'the new pod\'s event');
    // Each event is a whole server-sent event whose id is the resume cursor.
    const event = got.text.split('\n\n').find((e) => e.includes('"type":"ADDED"') && e.includes('"name":"later"'))!;
    expect(event).toMatch(/^id: [A-Za-z0-9_-]+\ndata: \{/);
    expect(JSON.parse(Buffer.from(event.split('\n')[0].slice(4), 'base64url').toString())).toMatchObject({ pods: expect.any(String) });
    stop();
    await until(() => cluster().api.watchCount === 0, 'the worker to end the watches');
    expect(link.inFlight()).toBe(0);
    expect(got.ended).toBeNull();
  });

  it('ends a stream it cannot open with the reason: an unknown cluster, an unknown stream, a bad namespace', async () => {
    const id = host.listClusters()[0].id;
    const unknown = collect();
    link.openStream('c-nobody', eventsStream('default', undefined), unknown.sink);
    const bogus = collect();
    link.openStream(id, { op: 'bogus' }, bogus.sink);
    const badNamespace = collect();
    link.openStream(id, { op: 'events', namespace: '../kube-system' }, badNamespace.sink);
    await until(() => unknown.got.ended !== null && bogus.got.ended !== null && badNamespace.got.ended !== null, 'the refusals');
    expect(unknown.got.ended).toMatch(/c-nobody/);
    expect(bogus.got.ended).toBe('no sandbox cluster operation named "bogus"');
    expect(badNamespace.got.ended).toBe('stream events: namespace must be a namespace name');
    expect(link.inFlight()).toBe(0);
  });

  it('ends an open stream with the reason when the worker stops', async () => {
    const { got, sink } = collect();
    link.openStream(host.listClusters()[0].id, eventsStream('default', undefined), sink);
    await until(() => got.text.includes('SNAPSHOT'), 'the stream to open');
    link.stop('exit code 1');
    expect(got.ended).toMatch(/sandbox worker 0 stopped \(exit code 1\)/);
    expect(link.inFlight()).toBe(0);
  });
});
