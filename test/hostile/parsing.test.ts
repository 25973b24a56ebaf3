/**
 * Hostile input to the parsers (issue 15, item 2: no input stops or freezes the process, and
 * item 5: bodies counted as they stream). Deeply nested YAML and JSON, alias bombs, many
 * documents and oversize bodies at every door: the bench's apply (parser and route), the
 * sandbox API (POST/PUT/PATCH with every body type), the portal's JSON routes (readJson);
 * and catastrophic regular expressions and globs run by a container's grep, sed, awk, expr,
 * case and parameter expansion. Each case gets a clear refusal or the correct answer, and the
 * process keeps serving afterwards. Nothing here measures speed (scripts/bench/regex-linear.ts
 * does): a backtracking engine would not finish these cases at all.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../../lib/k8s/sandbox/cli';
import { kubectl, requireKubectl } from '../../lib/k8s/sandbox/integration/support/kubectl';
import { parseManifests, MAX_MANIFEST_BYTES, ManifestTooLargeError } from '../../lib/k8s/manifests/parse';
import { checkDocument } from '../../lib/k8s/manifests/check';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { testParts } from '../../lib/k8s/sandbox/integration/support/test-server';
import { runScript } from '../../lib/k8s/sandbox/runtime/shell/test-driver';
import { matchFiles } from '../../lib/k8s/sandbox/runtime/images/servers/tail-files';
import { MemoryVfs } from '../../lib/k8s/sandbox/runtime/vfs/memory-vfs';
import type { CommandContext } from '../../lib/k8s/sandbox/runtime/shell/command';
import { readJson, BodyTooDeepError } from '../../lib/lab/request';
import { BodyTooLargeError } from '../../lib/lab/errors';
import { startRouteHarness, pageLoad, request, answered, type RouteHarness } from './route-harness';
import * as labApply from '../../app/api/lab/apply/route';
import * as quizAnswer from '../../app/api/quiz/answer/route';
import * as progressImport from '../../app/api/progress/import/route';

const flowSeqs = (n: number) => '['.repeat(n);
const blockSeqs = (n: number) => '- '.repeat(n);
const flowMaps = (n: number) => '{a: '.repeat(n);
const indentedMaps = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
const compactSeqs = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i)}k:\n${' '.repeat(2 * i)}- `).join('\n');
const deepJson = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const deepJsonArrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 9 }, (_, i) => {
  const prev = String.fromCharCode(97 + i);
  const name = String.fromCharCode(98 + i);
  return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`;
})].join('\n');
const manyAliases = `a: &a x\nb: [${Array(2000).fill('*a').join(', ')}]\n`;
const manyDocuments = (n: number) => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('---\n');
/** Depth through an alias that the text alone does not show: 60 levels holding an anchor of 60. */
const aliasDepth = `a: &a ${'['.repeat(60)}1${']'.repeat(60)}\nb: ${'['.repeat(60)}*a${']'.repeat(60)}\n`;
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after-the-attack\ndata:\n  a: b\n';

/** The one problem a refused text reports. */
function refusal(text: string) {
  const docs = parseManifests(text);
  const problems = docs.flatMap((d) => d.problems);
  expect(problems.length).toBeGreaterThan(0);
  expect(docs.every((d) => d.object === undefined)).toBe(true);
  return problems[0];
}

describe('the bench apply parser refuses hostile YAML before composing it', () => {
  it.each([
    ["20,000 '[' (nested flow sequences)", flowSeqs(20000), 1],
    ["20,000 '- ' (nested block sequences on one line)", blockSeqs(20000), 1],
    ["20,000 '{a: ' (nested flow mappings)", flowMaps(20000), 1],
    ['300 mappings each indented one column deeper', indentedMaps(300), 101],
    ['300 levels of key: then a compact - sequence', compactSeqs(300), 101],
  ])('refuses %s with the line where depth 100 was passed', (_name, text, line) => {
    const p = refusal(text);
    expect(p.message).toBe(`yaml: line ${line}: exceeded max depth of 100`);
    expect(p.line).toBe(line);
    expect(p.source).toBe('yaml');
  });

  it('names the document and line of a deep third document', () => {
    const text = `${CONFIGMAP}---\n${CONFIGMAP}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ${flowSeqs(500)}\n`;
    const p = refusal(text);
    expect(p).toMatchObject({ document: 3, line: 19, message: 'yaml: line 19: exceeded max depth of 100' });
  });

  it('refuses a billion-laughs alias bomb', () => {
    expect(refusal(laughs).message).toMatch(/alias/i);
  });

  it('refuses 2,000 aliases before expanding any', () => {
    expect(refusal(manyAliases).message).toBe('yaml: line 2: document contains excessive aliasing (more than 1000 aliases)');
  });

  it('refuses depth built out of an alias that the text alone does not show', () => {
    expect(refusal(aliasDepth).message).toMatch(/exceeded max depth of 100/);
  });

  it('refuses more than 100 documents in one apply', () => {
    // The 101st document starts after the `---` on line 500.
    expect(refusal(manyDocuments(101)).message).toBe('yaml: line 500: more than 100 documents in one text');
  });

  it('refuses 400,000 tokens of small flow items before composing them (seconds of parsing)', () => {
    expect(refusal(`a: [${'1,'.repeat(200_000)}]\n`).message).toBe('yaml: line 1: more than 100,000 tokens in one text; apply it in smaller parts');
  });

  it('refuses a manifest over 3 MiB with a 413 the route passes on', () => {
    const big = `a: "${'x'.repeat(MAX_MANIFEST_BYTES)}"\n`;
    expect(() => parseManifests(big)).toThrow(ManifestTooLargeError);
    try {
      parseManifests(big);
    } catch (e) {
      expect((e as ManifestTooLargeError).status).toBe(413);
    }
  });

  it('still accepts every YAML file of the module, and every manifest of its library passes its checks', () => {
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const files = walk(path.join(import.meta.dirname, '../../content/module-05')).filter((f) => /\.ya?ml$/.test(f));
    const library = files.filter((f) => f.includes(`${path.sep}resources${path.sep}`));
    expect(library.length).toBeGreaterThan(10);
    for (const f of files) {
      const docs = parseManifests(fs.readFileSync(f, 'utf8'));
      for (const d of docs) expect([f, d.problems]).toEqual([f, []]);
      if (library.includes(f)) for (const d of docs) expect([f, checkDocument(d)]).toEqual([f, []]);
    }
  });

  it('keeps quoted brackets, comments and block scalars out of the depth count', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quoted # [[[[[[\ndata:\n  a: "${'['.repeat(500)}"\n  b: '${'{'.repeat(500)}'\n  c: |\n    ${'- '.repeat(500)}\n`;
    const [doc] = parseManifests(text);
    expect(doc.problems).toEqual([]);
    expect((doc.object!.data as Record<string, string>).a).toHaveLength(500);
  });
});

describe('the sandbox API server refuses hostile bodies before composing them', () => {
  let server: http.Server;
  let host: SandboxHost;
  let base: string;
  let cluster: { id: string; token: string };

  interface Reply {
    code: number;
    body: string;
  }

  function send(method: string, p: string, body: string | Buffer | undefined, contentType = 'application/json'): Promise<Reply> {
    // Node's client sends a DELETE body with neither Content-Length nor chunking unless told.
    const length: Record<string, string> = body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
      const req = http.request(`${base}${p}`, { method, headers: { Authorization: `Bearer ${cluster.token}`, 'Content-Type': contentType, ...length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  beforeAll(async () => {
    host = new SandboxHost({ parts: () => testParts() });
    cluster = host.createCluster({ workers: 1 }).record;
    server = http.createServer((req, res) => {
      if (!host.handleRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await send('POST', cms(), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'target' }, data: { k: 'v' } }))).code).toBe(201);
  });
  afterAll(async () => {
    host.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const cms = () => `/k8s/${cluster.id}/api/v1/namespaces/default/configmaps`;
  const cm = (name: string) => `${cms()}/${name}`;
  /** An object that exists, so PUT, PATCH and DELETE reach their body. */
  const target = () => cm('target');

  const cases: [string, () => Promise<Reply>, number, string | RegExp][] = [
    ['POST JSON nested 20,000 deep', () => send('POST', cms(), deepJson(20000)), 400, "couldn't get version/kind; json parse error: json: line 1: exceeded max depth of 100"],
    ['POST JSON arrays nested 20,000 deep', () => send('POST', cms(), deepJsonArrays(20000)), 400, /exceeded max depth of 100/],
    ["POST YAML of 20,000 '['", () => send('POST', cms(), flowSeqs(20000), 'application/yaml'), 400, 'error converting YAML to JSON: yaml: line 1: exceeded max depth of 100'],
    ["POST YAML of 20,000 '- '", () => send('POST', cms(), blockSeqs(20000), 'application/yaml'), 400, 'error converting YAML to JSON: yaml: line 1: exceeded max depth of 100'],
    ['POST YAML indented 300 levels', () => send('POST', cms(), indentedMaps(300), 'application/yaml'), 400, 'error converting YAML to JSON: yaml: line 101: exceeded max depth of 100'],
    ['POST a YAML billion-laughs bomb', () => send('POST', cms(), laughs, 'application/yaml'), 400, /alias/i],
    ['POST YAML with 2,000 aliases', () => send('POST', cms(), manyAliases, 'application/yaml'), 400, /excessive aliasing/],
    ['POST YAML with 2,000 documents', () => send('POST', cms(), manyDocuments(2000), 'application/yaml'), 400, /more than 1000 documents/],
    ['POST YAML deep through an alias', () => send('POST', cms(), aliasDepth, 'application/yaml'), 400, /nested more than 100 levels/],
    ['PUT YAML of 20,000 "{a: "', () => send('PUT', target(), flowMaps(20000), 'application/yaml'), 400, /exceeded max depth of 100/],
    ['PUT JSON nested 20,000 deep', () => send('PUT', target(), deepJson(20000)), 400, /exceeded max depth of 100/],
    ["PATCH apply-patch+yaml of 20,000 '- '", () => send('PATCH', `${target()}?fieldManager=kubectl`, blockSeqs(20000), 'application/apply-patch+yaml'), 400, 'error converting YAML to JSON: yaml: line 1: exceeded max depth of 100'],
    ['PATCH apply-patch+yaml of JSON nested 20,000 deep', () => send('PATCH', `${target()}?fieldManager=kubectl`, deepJson(20000), 'application/apply-patch+yaml'), 400, /exceeded max depth of 100/],
    ['PATCH merge-patch+json nested 20,000 deep', () => send('PATCH', target(), deepJson(20000), 'application/merge-patch+json'), 400, /exceeded max depth of 100/],
    ['PATCH strategic-merge-patch+json nested 20,000 deep', () => send('PATCH', target(), deepJson(20000), 'application/strategic-merge-patch+json'), 400, /exceeded max depth of 100/],
    ['PATCH json-patch+json whose value is nested 20,000 deep', () => send('PATCH', target(), `[{"op":"add","path":"/data/a","value":${deepJson(20000)}}]`, 'application/json-patch+json'), 400, /exceeded max depth of 100/],
    ['DELETE with options nested 20,000 deep', () => send('DELETE', target(), deepJson(20000)), 400, /exceeded max depth of 100/],
  ];

  it.each(cases)('answers %s with a 400 Status naming the line', async (_name, call, code, message) => {
    const r = await call();
    expect(r.code).toBe(code);
    const status = JSON.parse(r.body) as { kind: string; code: number; message: string };
    expect(status.kind).toBe('Status');
    expect(status.code).toBe(code);
    if (typeof message === 'string') expect(status.message).toBe(message);
    else expect(status.message).toMatch(message);
  });

  it('refuses a chunked body (no Content-Length) as soon as it passes 3 MiB, and keeps serving', async () => {
    const { code, sent } = await new Promise<{ code: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      const req = http.request(`${base}${cms()}`, { method: 'POST', headers: { Authorization: `Bearer ${cluster.token}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ code: res.statusCode ?? 0, sent }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 32);
      // Writes up to 64 MiB, but stops as soon as the server has answered.
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      req.once('response', () => req.destroy());
      pump();
    });
    expect(code).toBe(413);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect((await send('GET', cms(), undefined)).code).toBe(200);
  });

  it('still creates an object from an honest YAML body and an honest apply-patch afterwards, and the target is unchanged', async () => {
    expect(JSON.parse((await send('GET', target(), undefined)).body).data).toEqual({ k: 'v' });
    expect((await send('POST', cms(), CONFIGMAP, 'application/yaml')).code).toBe(201);
    const applied = await send('PATCH', `${cm('applied')}?fieldManager=kubectl`, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { k: 'v' } }), 'application/apply-patch+yaml');
    expect(applied.code).toBe(201);
    expect(JSON.parse((await send('GET', cm('applied'), undefined)).body).data).toEqual({ k: 'v' });
  });
});

describe('readJson counts a body as it streams and bounds its depth', () => {
  /** A request whose body is an endless stream of 64 KiB chunks; `pulled` says how much was read. */
  function endlessRequest(): { req: Request; pulled: () => number } {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(32);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const req = new Request('http://localhost/api/x', { method: 'POST', body, duplex: 'half' } as RequestInit & { duplex: 'half' });
    return { req, pulled: () => pulled };
  }

  it('refuses an endless body without Content-Length after reading about the limit', async () => {
    const { req, pulled } = endlessRequest();
    await expect(readJson(req, 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled()).toBeLessThan(1024 * 1024 + 4 * 64 * 1024);
  });

  it('refuses JSON nested 20,000 deep with 400, naming the line', async () => {
    const req = new Request('http://localhost/api/x', { method: 'POST', body: `{"a":\n${deepJsonArrays(20000)}}` });
    const err = await readJson(req, 1024 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooDeepError);
    expect((err as BodyTooDeepError).status).toBe(400);
    expect((err as BodyTooDeepError).message).toBe('the request body is nested more than 100 levels deep (line 2); send a flatter document');
  });

  it('reads an honest body whole, chunked or not', async () => {
    const body = JSON.stringify({ a: [1, { b: 'x'.repeat(100_000) }] });
    const chunks = [body.slice(0, 10), body.slice(10, 50_000), body.slice(50_000)];
    const stream = Readable.toWeb(Readable.from(chunks.map((c) => Buffer.from(c)))) as ReadableStream<Uint8Array>;
    const req = new Request('http://localhost/api/x', { method: 'POST', body: stream, duplex: 'half' } as RequestInit & { duplex: 'half' });
    expect(await readJson(req, 1024 * 1024)).toEqual(JSON.parse(body));
  });

  it('refuses a chunked body over the limit sent over a real HTTP connection with 413', async () => {
    let bytesSeen = 0;
    const server = http.createServer(async (req, res) => {
      const counted = Readable.toWeb(req.on('data', (c: Buffer) => (bytesSeen += c.length))) as ReadableStream<Uint8Array>;
      const webReq = new Request('http://localhost/api/x', { method: 'POST', headers: req.headers as Record<string, string>, body: counted, duplex: 'half' } as RequestInit & { duplex: 'half' });
      try {
        await readJson(webReq, 256 * 1024);
        res.writeHead(200).end('read');
      } catch (e) {
        res.writeHead((e as BodyTooLargeError).status ?? 500, { connection: 'close' }).end((e as Error).message);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const reply = await new Promise<{ code: number; text: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(16 * 1024, 32);
      let sent = 0;
      const pump = () => {
        while (sent < 32 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      req.once('response', () => setImmediate(() => req.destroy()));
      pump();
    });
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    expect(reply).toEqual({ code: 413, text: 'request body larger than 262144 bytes' });
    expect(bytesSeen).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('the portal routes refuse hostile bodies and keep serving', () => {
  let harness: RouteHarness;
  let cookie: string;
  beforeAll(async () => {
    harness = await startRouteHarness();
    cookie = pageLoad()!;
  });
  afterAll(async () => {
    await harness.close();
  });

  it.each([
    ["20,000 '['", flowSeqs(20000)],
    ["20,000 '- '", blockSeqs(20000)],
    ['300 indented mappings', indentedMaps(300)],
  ])('answers an apply of %s with a per-document refusal, then applies an honest manifest', async (_name, yaml) => {
    const r = await answered(await labApply.POST(request('/api/lab/apply', { cookie, body: { yaml } })));
    expect(r.status).toBe(200);
    const [result] = r.body.results as { action: string; problems: { message: string }[] }[];
    expect(result.action).toBe('error');
    expect(result.problems[0].message).toMatch(/exceeded max depth of 100/);
    const ok = await answered(await labApply.POST(request('/api/lab/apply', { cookie, body: { yaml: CONFIGMAP } })));
    expect(ok.status).toBe(200);
    expect((ok.body.results as { action: string }[])[0].action).not.toBe('error');
  });

  it('answers an apply of a manifest just over 3 MiB with 413 and the limit, not a 500', async () => {
    const r = await answered(await labApply.POST(request('/api/lab/apply', { cookie, body: { yaml: `a: ${'x'.repeat(MAX_MANIFEST_BYTES)}\n` } })));
    expect([r.status, r.body.error]).toEqual([413, 'TooLarge']);
    expect(r.body.message).toMatch(/the limit is 3145728 bytes/);
  });

  it('answers an endless chunked apply body with 413 after reading about the limit', async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const base = request('/api/lab/apply', { cookie, body: '{}' });
    const req = new Request(base.url, { method: 'POST', headers: base.headers, body, duplex: 'half' } as RequestInit & { duplex: 'half' });
    const r = await answered(await labApply.POST(req));
    expect([r.status, r.body.error]).toEqual([413, 'TooLarge']);
    expect(pulled).toBeLessThan(MAX_MANIFEST_BYTES + 4096 + 4 * 64 * 1024);
  });

  it('answers a quiz answer nested 5,000 deep (within its 32 KiB) with 400 TooDeep', async () => {
    const r = await answered(await quizAnswer.POST(request('/api/quiz/answer', { cookie, body: `{"quiz":${deepJsonArrays(5000)}}` })));
    expect([r.status, r.body.error]).toEqual([400, 'TooDeep']);
  });

  it('answers a progress import nested 20,000 deep with 400 TooDeep', async () => {
    const r = await answered(await progressImport.POST(request('/api/progress/import', { cookie, body: `{"lessons":${deepJson(20000)}}` })));
    expect([r.status, r.body.error]).toEqual([400, 'TooDeep']);
  });
});

describe('regular expressions a container runs finish on adversarial input', () => {
  const as = 'a'.repeat(5000);
  /** Each case: a script over stdin of 5,000 'a' (no 'b'), its output and exit status. */
  const cases: [string, string, string, number][] = [
    ["grep -E '(a+)+b'", "grep -E '(a+)+b'", '', 1],
    ["grep -E '(a|a)*b'", "grep -E '(a|a)*b'", '', 1],
    ["grep -E '(a*)*b'", "grep -E '(a*)*b'", '', 1],
    ["grep -E '(.*a){20}' (matches)", "grep -cE '(.*a){20}'", '1\n', 0],
    ["grep -E '(a|aa)+$' (matches)", "grep -cE '^(a|aa)+$'", '1\n', 0],
    ["grep BRE '\\(a*\\)*b'", "grep '\\(a*\\)*b'", '', 1],
    ["grep -o '(a+)+' (prints the whole run)", "grep -oE '(a+)+' | wc -c", '5001\n', 0],
    ["grep -x -E '(a+)+b'", "grep -xE '(a+)+b'", '', 1],
    ["grep -w -E '(a+)+b'", "grep -wE '(a+)+b'", '', 1],
    ["grep -i -E '(A+)+B'", "grep -iE '(A+)+B'", '', 1],
    ["sed -E 's/(a+)+b/X/'", "sed -E 's/(a+)+b/X/' | wc -c", '5001\n', 0],
    ["sed BRE 's/\\(a*\\)*b/X/g'", "sed 's/\\(a*\\)*b/X/g' | wc -c", '5001\n', 0],
    ["sed -E '/(a|a)*b/d' address", "sed -E '/(a|a)*b/d' | wc -c", '5001\n', 0],
    ["sed -E 's/(a+)+$/[&]/' (replaces the run)", "sed -E 's/(a+)+$/[&]/' | wc -c", '5003\n', 0],
    ["awk '/(a+)+b/'", "awk '/(a+)+b/'", '', 0],
    ["awk '$0 ~ \"(a|a)*b\"' (a dynamic regex)", "awk '$0 ~ \"(a|a)*b\" { print \"hit\" }'", '', 0],
    ['awk match() with (a*)*b', "awk '{ print match($0, /(a*)*b/), RSTART, RLENGTH }'", '0 0 -1\n', 0],
    ['awk gsub() with (a+)+b', "awk '{ n = gsub(/(a+)+b/, \"x\"); print n, length($0) }'", '0 5000\n', 0],
    ['awk split() on (a+)+b', "awk '{ print split($0, parts, /(a+)+b/) }'", '1\n', 0],
    ['awk -F with (a|a)*b', "awk -F '(a|a)*b' '{ print NF }'", '1\n', 0],
  ];

  it.each(cases)('%s answers correctly', async (_name, script, stdout, code) => {
    const r = await runScript(script, { stdin: `${as}\n` });
    expect({ stdout: r.stdout, code: r.code }).toEqual({ stdout, code });
  });

  it.each([
    ["grep '\\(a\\)\\1'", "grep '\\(a\\)\\1'", 'grep: back-references are not supported here\n'],
    ["grep -E '(a*)*\\1b'", "grep -E '(a*)*\\1b'", 'grep: back-references are not supported here\n'],
    ["expr : '\\(a*\\)\\1'", "expr aaaa : '\\(a*\\)\\1'", 'expr: back-references are not supported here\n'],
    ['grep with 1000 nested groups', `grep -E '${'('.repeat(1000)}a${')'.repeat(1000)}'`, /^grep: bad regex/],
    ["grep -E '((a{0,999}){0,999}){0,999}'", "grep -E '((a{0,999}){0,999}){0,999}'", /^grep: (bad regex|regular expression too large)/],
  ])('%s fails with exit 2 and a message', async (_name, script, stderr) => {
    const r = await runScript(script, { stdin: `${as}\n` });
    expect(r.code).toBe(2);
    if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
  });

  it.each([
    ["grep -oE '(.*a){20}'", "grep -oE '(.*a){20}'", 2, 'grep: regular expression too costly for this input'],
    ["grep -E '(a|b)*a(a|b){15}$'", "grep -E '(a|b)*a(a|b){15}$'", 2, 'grep: regular expression too costly for this input'],
    ["sed -E 's/(a+)+$/x/'", "sed -E 's/(a+)+$/x/'", 1, 'sed: regular expression too costly for this input'],
    ['awk match() with (.*a){20}', "awk '{ print match($0, /(.*a){20}/) }'", 2, 'awk: regular expression too costly for this input'],
  ])('%s over one line of 1,000,000 characters is refused before it runs, with exit %i', async (_name, script, code, message) => {
    const r = await runScript(script, { stdin: `${'a'.repeat(1_000_000)}\n` });
    expect(r.code).toBe(code);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('a literal pattern still searches a line of 1,000,000 characters', async () => {
    const r = await runScript('grep -c needle; echo status $?', { stdin: `${'a'.repeat(1_000_000)}needle\n` });
    expect(r.stdout).toBe('1\nstatus 0\n');
  });

  it("sed with a back-reference fails with a message and exit 1, as sed's other script errors", async () => {
    const r = await runScript("sed 's/\\(a\\)\\1/x/'", { stdin: 'aa\n' });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: 'sed: back-references are not supported here\n' });
  });

  it("expr s : '\\(a*\\)*b' gives the empty match, exit 1", async () => {
    const r = await runScript(`s=${as}; expr "$s" : '\\(a*\\)*b'; echo "status $?"`);
    expect(r.stdout).toBe('\nstatus 1\n');
  });

  it("expr s : '\\(a*\\)*' captures the whole run", async () => {
    const r = await runScript(`s=${as}; expr "$s" : '\\(a*\\)*' | wc -c`);
    expect(r.stdout).toBe('5001\n');
  });

  it('case with 12 stars over 5,000 characters takes the right branch', async () => {
    const r = await runScript(`s=${as}; case "$s" in ${'*a'.repeat(12)}*b) echo wrong;; ${'*a'.repeat(12)}) echo right;; esac`);
    expect(r.stdout).toBe('right\n');
  });

  it.each([
    ['case with 60 stars', `case "$s" in ${'*a'.repeat(60)}*b) echo matched;; esac`],
    ['${x##pattern} with 60 stars', `echo "\${s##${'*a'.repeat(60)}*b}"`],
    ['${x//pattern/r} with 30 stars', `echo "\${s//${'a*'.repeat(30)}b/x}"`],
  ])('%s over a word of 1,000,000 characters is refused with a message and exit 2', async (_name, line) => {
    const r = await runScript(`read -r s; ${line}; echo not reached`, { stdin: `${'a'.repeat(1_000_000)}\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sh: pattern too costly for this word \(\d+ pattern characters over 1000000 characters/);
    expect(r.stdout).toBe('');
  });

  it('${x##pattern} ${x%%pattern} and ${x//pattern/r} with many stars answer correctly', async () => {
    const r = await runScript(`s=${'a'.repeat(2000)}; a=\${s##*a*a*a*a*b}; b=\${s%%a*a*a*a*b}; c=\${s//a*a*a*b/x}; d=\${s#a*a}; echo \${#a} \${#b} \${#c} \${#d}`);
    expect(r.stdout).toBe('2000 2000 2000 1998\n');
  });

  it('pathname expansion and find -name with many stars over long names answer correctly', async () => {
    const name = 'a'.repeat(200);
    const r = await runScript(`mkdir -p /d; touch /d/${name} /d/${name}b; echo /d/${'*a'.repeat(10)}*c; find /d -name '${'*a'.repeat(10)}*b' | wc -l`);
    expect(r.stdout).toBe(`/d/${'*a'.repeat(10)}*c\n1\n`);
  });

  it('[[ =~ ]] is not a command of this shell (busybox sh): the attempt ends at once with "not found"', async () => {
    const r = await runScript(`s=${as}; re='(a+)+b'; [[ $s =~ $re ]]; echo $?`);
    expect(r.stdout).toBe('127\n');
    expect(r.stderr).toBe('sh: [[: not found\n');
    const unquoted = await runScript(`s=${as}; [[ $s =~ (a+)+b ]]`);
    expect([unquoted.code, unquoted.stderr]).toEqual([2, 'sh: -c: line 1: syntax error: unexpected "("\n']);
  });

  it("a log shipper's path with many stars matches by the linear glob matcher", () => {
    const fsys = new MemoryVfs({ files: { [`/var/log/${'a'.repeat(300)}`]: 'x\n', '/var/log/app[1].log': 'y\n' } });
    const ctx = { fs: fsys } as unknown as CommandContext;
    expect(matchFiles(ctx, `/var/log/${'*a'.repeat(15)}*b`)).toEqual([]);
    expect(matchFiles(ctx, `/var/log/${'*a'.repeat(15)}`)).toEqual([`/var/log/${'a'.repeat(300)}`]);
    // `[` is literal in such paths, as in fluent-bit's.
    expect(matchFiles(ctx, '/var/log/app[1].*')).toEqual(['/var/log/app[1].log']);
  });

  it('leaves the event loop free: a timer set before a hostile grep over 200 lines fires', async () => {
    let fired = false;
    const timer = setTimeout(() => (fired = true), 0);
    const lines = `${Array(200).fill('a'.repeat(200)).join('\n')}\n`;
    const r = await runScript("grep -cE '(a+)+b|(a|a)*c|(.*a){20}d'", { stdin: lines });
    await new Promise((resolve) => setTimeout(resolve, 1));
    clearTimeout(timer);
    expect({ stdout: r.stdout, fired }).toEqual({ stdout: '0\n', fired: true });
  });
});

describe.runIf(requireKubectl())('the issue\'s own case: kubectl exec runs a catastrophic grep in a learner\'s pod', () => {
  let stop: () => Promise<void>;
  let kubeconfig: string;
  let dataDir: string;
  const k = (args: string[], input?: string) => kubectl(kubeconfig, args, input);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-hostile-regex-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 1, timeScale: 20, dataDir });
    stop = cli.stop;
    kubeconfig = cli.kubeconfigPath;
    await k(['run', 'toolbox', '--image=busybox:1.36', '--restart=Never', '--', 'sh', '-c', `printf '%s\\n' ${'a'.repeat(45)} > /tmp/input; sleep 3600`]);
    expect((await k(['wait', '--for=condition=ready', 'pod/toolbox', '--timeout=30s'])).code).toBe(0);
  });
  afterAll(async () => {
    await stop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers grep -E '(a+)+b' over 45 characters at once (no match, exit 1), and the API server answers next", async () => {
    expect(await k(['exec', 'toolbox', '--', 'grep', '-E', '(a+)+b', '/tmp/input'])).toMatchObject({ code: 1, stdout: '' });
    expect(await k(['exec', 'toolbox', '--', 'sh', '-c', "grep -cE '(a|a)*a$' /tmp/input; sed -E 's/(a*)*$/[&]/' /tmp/input | wc -c"])).toMatchObject({ code: 0, stdout: '1\n48\n' });
    expect((await k(['get', 'pod', 'toolbox', '-o', 'jsonpath={.status.phase}'])).stdout).toBe('Running');
  });

  it('refuses a back-reference with grep\'s message and exit 2', async () => {
    const r = await k(['exec', 'toolbox', '--', 'grep', '\\(a\\)\\1', '/tmp/input']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('grep: back-references are not supported here');
  });
});
