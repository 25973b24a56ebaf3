/**
 * The bench's log reader (lib/lab/logs.ts) builds its pods/log request from the learner's query
 * and reads what the cluster answers. Both are inputs: names that would move the path or add
 * parameters are refused before any request, the namespace is the session's whatever the query
 * says, and a refusal with an endless body is read only up to a bound.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientKubeConfig } from '../../lib/k8s/client/kubeconfig';
import { LabError } from '../../lib/lab/errors';
import { logStream, parseLogRequest } from '../../lib/lab/logs';

let server: http.Server;
let base = '';
const paths: string[] = [];
/** Bytes the endless refusal had written when the reader hung up. */
let written = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    // A refusal whose body never ends, as fast as the reader reads.
    res.writeHead(403, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(65536, 'x');
    res.write('{"kind":"Status","message":"');
    const more = () => {
      while (!res.destroyed && written < 512 * 1024 * 1024) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end('"}');
    };
    more();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const query = (q: string) => new URL(`http://portal.invalid/api/lab/logs?${q}`);

describe('the bench\'s log reader against hostile input', () => {
  it.each([
    ['a pod name that climbs out of the path', 'pod=..%2F..%2Fsecrets&container=app'],
    ['a pod name of two dots', 'pod=..&container=app'],
    ['a pod name with a slash', 'pod=a%2Fb&container=app'],
    ['a pod name that adds a parameter', 'pod=web%3Ffollow%3D1&container=app'],
    ['a container name that adds a parameter', 'pod=web&container=app%26previous%3Dtrue'],
    ['a pod name of 300 characters', `pod=${'a'.repeat(300)}&container=app`],
    ['an encoded dot-dot the server would decode', 'pod=%252e%252e&container=app'],
    ['a tail of a hundred million lines', 'pod=web&container=app&tailLines=100000000'],
    ['a negative tail', 'pod=web&container=app&tailLines=-5'],
    ['a tail that is not a number', 'pod=web&container=app&tailLines=ten'],
  ])('refuses %s with a 400 before any request', (_what, q) => {
    const before = paths.length;
    let err: unknown;
    try {
      parseLogRequest(query(q), 'default');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).status).toBe(400);
    expect(paths.length).toBe(before);
  });

  it('reads from the session\'s namespace whatever namespace the query names', () => {
    expect(parseLogRequest(query('pod=web&container=app&namespace=kube-system'), 'default').namespace).toBe('default');
  });

  it('reads only a bounded part of a refusal whose body never ends, and says who refused', async () => {
    const kc = clientKubeConfig({ server: base, token: 'not-a-real-token' });
    const r = parseLogRequest(query('pod=web&container=app&follow=1'), 'default');
    const err = await logStream(kc, r, new AbortController().signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).status).toBe(403);
    expect((err as LabError).message).toBe('the cluster refused the log (HTTP 403)');
    expect(paths.at(-1)).toBe('/api/v1/namespaces/default/pods/web/log?container=app&follow=true');
    // Far less than the 512 MiB the server would send.
    await new Promise((r) => setTimeout(r, 50));
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});
