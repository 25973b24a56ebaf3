/**
 * What a cluster answers the portal's plain reads (getJson: the bench's stream lists every
 * resource with it) is an input too: a real cluster from a kubeconfig, or anything that answers
 * on its URL. A huge body, a deeply nested one, one that is not JSON and an error with a huge
 * message each get a bounded, named refusal, and the stream stops with it instead of the portal.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientKubeConfig } from '../../lib/k8s/client/kubeconfig';
import { ApiAnswerRefusedError, ApiGetError, getJson } from '../../lib/k8s/client/get-json';
import { ClusterStream } from '../../lib/k8s/watch/cluster-stream';
import { clientNodeWatchTransport } from '../../lib/k8s/watch/client-node-watch-transport';

let server: http.Server;
let base = '';
/** Bytes the endless answer had written when the client hung up. */
let endlessWritten = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/endless') {
      // A chunked answer that never ends: 64 KiB at a time, as fast as the client reads.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(65536, ' ');
      res.write('{"items":[');
      const more = () => {
        while (!res.destroyed && endlessWritten < 1024 * 1024 * 1024) {
          endlessWritten += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
      };
      more();
      return;
    }
    if (path === '/deep') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"items":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
      return;
    }
    if (path === '/not-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>a proxy login page</html>');
      return;
    }
    // Everything else: an error Status whose message is a megabyte long.
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 500, message: 'x'.repeat(1024 * 1024) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const kc = () => clientKubeConfig({ server: base, token: 'whatever' });

describe('a cluster\'s answers to the portal\'s plain reads', () => {
  it('refuses an endless answer once it passes the limit, and stops reading it', async () => {
    const err = await getJson(kc(), '/endless', 1024 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiAnswerRefusedError);
    expect((err as Error).message).toBe('GET /endless: the cluster\'s answer was refused: more than 1048576 bytes');
    // Cancelled: the server was not read to its gigabyte.
    expect(endlessWritten).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses an answer nested 20,000 levels deep before parsing it', async () => {
    await expect(getJson(kc(), '/deep')).rejects.toThrow(/the cluster's answer was refused: json: line 1: exceeded max depth of 100/);
  });

  it('refuses an answer that is not JSON, naming the path', async () => {
    await expect(getJson(kc(), '/not-json')).rejects.toThrow('GET /not-json: the cluster\'s answer was refused: not JSON');
  });

  it('reports an error Status with its message cut to 500 characters', async () => {
    const err = (await getJson(kc(), '/api/v1/namespaces/default/pods').catch((e: unknown) => e)) as ApiGetError;
    expect(err).toBeInstanceOf(ApiGetError);
    expect(err.statusCode).toBe(500);
    expect(err.message.length).toBeLessThan(600);
  });

  it('stops the bench\'s stream with the refusal when the cluster answers garbage, and the process goes on', async () => {
    const errors: Error[] = [];
    const stream = new ClusterStream({ transport: clientNodeWatchTransport(kc()), namespace: 'default', onEvent: () => undefined, onError: (e) => void errors.push(e) });
    stream.start();
    for (let i = 0; i < 200 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    stream.close();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(/^GET \/api/);
  });
});
