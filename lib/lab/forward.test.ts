import { describe, expect, it } from 'vitest';
import { ForwardMethodError, ForwardPathError, ForwardTargetError, ForwardTooLargeError, MAX_FORWARDED_BYTES, forwardToPod, forwardedResponse, parseForwardTarget, podProxyPath, rewriteHtml } from './forward';

describe('open in a new tab: the target', () => {
  it('reads <pod>:<port>, also percent-encoded as a browser may send it', () => {
    expect(parseForwardTarget('web:80')).toEqual({ pod: 'web', port: 80 });
    expect(parseForwardTarget('web-7d4b9c-x2x9q%3A8080')).toEqual({ pod: 'web-7d4b9c-x2x9q', port: 8080 });
  });

  it.each(['web', 'web:', ':80', 'web:0', 'web:65536', 'Web:80', 'web:80:81', 'web:8o', '%E0%A4%A', 'a'.repeat(300) + ':80'])('refuses %s with a 400 that says what it expects', (raw) => {
    const e = (() => {
      try {
        parseForwardTarget(raw);
      } catch (err) {
        return err;
      }
      throw new Error('accepted');
    })();
    expect(e).toBeInstanceOf(ForwardTargetError);
    expect((e as ForwardTargetError).status).toBe(400);
    expect((e as ForwardTargetError).message).toMatch(/^expected <pod>:<port>/);
  });
});

describe('open in a new tab: the path under the pod', () => {
  it('stays under the pod proxy: segments re-encoded, an encoded slash kept inside its segment', () => {
    expect(podProxyPath('default', { pod: 'web', port: 80 }, [], '')).toBe('/api/v1/namespaces/default/pods/web:80/proxy/');
    expect(podProxyPath('default', { pod: 'web', port: 80 }, ['a b', 'c/d'], '?x=1')).toBe('/api/v1/namespaces/default/pods/web:80/proxy/a%20b/c%2Fd?x=1');
  });

  it.each(['..', '.'])('refuses a %s segment, which would climb out into the cluster API', (seg) => {
    expect(() => podProxyPath('default', { pod: 'web', port: 80 }, ['x', seg, 'secrets'], '')).toThrow(ForwardPathError);
  });
});

describe('open in a new tab: the answer', () => {
  it('keeps the page in a CSP sandbox, drops the pod cookies and hop-by-hop headers', async () => {
    const answer = new Response('hello', { status: 200, headers: { 'content-type': 'text/plain', 'set-cookie': 'portal=stolen', connection: 'close', etag: '"1"' } });
    const res = await forwardedResponse(answer, 'GET');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('connection')).toBeNull();
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('content-security-policy')).toBe('sandbox allow-scripts allow-forms allow-popups');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps an HTML page links under the portal prefix: a <base>, and root-relative links moved under it', () => {
    const html = '<html><head><title>x</title></head><body><a href="/about">a</a><img src=\'/logo.png\'><a href="//cdn.example/x">c</a><a href="rel">r</a></body></html>';
    const out = rewriteHtml(html, '/api/lab/forward/web:80/');
    expect(out).toContain('<head><base href="/api/lab/forward/web:80/"><title>');
    expect(out).toContain('<a href="/api/lab/forward/web:80/about">');
    expect(out).toContain("<img src='/api/lab/forward/web:80/logo.png'>");
    expect(out).toContain('<a href="//cdn.example/x">');
    expect(out).toContain('<a href="rel">');
    expect(rewriteHtml('<p>no head</p>', '/p/')).toBe('<base href="/p/"><p>no head</p>');
  });

  it('refuses an answer past the cap, whether its length is announced or not', async () => {
    await expect(forwardedResponse(new Response('x', { headers: { 'content-length': String(MAX_FORWARDED_BYTES + 1) } }), 'GET')).rejects.toBeInstanceOf(ForwardTooLargeError);
    await expect(forwardedResponse(new Response(new Uint8Array(MAX_FORWARDED_BYTES + 1)), 'GET')).rejects.toBeInstanceOf(ForwardTooLargeError);
  });

  it('passes an error Status from the cluster on as it is (a port nothing listens on)', async () => {
    const status = { kind: 'Status', code: 503, message: 'error trying to reach service: dial tcp 10.244.1.2:81: connect: connection refused' };
    const res = await forwardedResponse(new Response(JSON.stringify(status), { status: 503, headers: { 'content-type': 'application/json' } }), 'GET');
    expect(res.status).toBe(503);
    expect((await res.json()).message).toContain('connection refused');
  });

  it('answers only GET and HEAD, before reaching the cluster', async () => {
    await expect(forwardToPod('http://127.0.0.1:1/nowhere', 'default', { pod: 'web', port: 80 }, [], new Request('http://localhost/api/lab/forward/web:80/', { method: 'POST', body: 'x' }))).rejects.toBeInstanceOf(ForwardMethodError);
  });
});
