import { describe, expect, it } from 'vitest';
import { nc } from './nc';
import { run, TableNetwork, testProcess } from './context.testing';

const net = () => {
  const n = new TableNetwork({ 'db.default.svc.cluster.local': ['10.96.0.20'], 'dropped.default.svc.cluster.local': ['10.96.0.30'] }, { '10.96.0.30': 'ETIMEDOUT' });
  n.listen('10.96.0.21', { port: 1, tcp: async () => '' });
  return n;
};

describe('nc', () => {
  it('-z exits 0 when something listens and 1, silently, when the connection is refused', async () => {
    const n = net();
    expect(await run(nc, ['nc', '-z', 'db', '5432'], { net: n })).toEqual([1, '', '']);
    n.listen('10.96.0.20', { port: 5432, tcp: async () => '' });
    expect(await run(nc, ['nc', '-z', 'db', '5432'], { net: n })).toEqual([0, '', '']);
  });

  it('-v reports an open port and -vv a refusal, in busybox words', async () => {
    const n = net();
    expect(await run(nc, ['nc', '-zvv', 'db', '5432'], { net: n })).toEqual([1, '', "nc: db (10.96.0.20:5432): Connection refused\n"]);
    n.listen('10.96.0.20', { port: 5432, tcp: async () => '' });
    expect(await run(nc, ['nc', '-zv', 'db', '5432'], { net: n })).toEqual([0, '', 'db (10.96.0.20:5432) open\n']);
  });

  it('dies with bad address for a name that does not resolve', async () => {
    expect(await run(nc, ['nc', '-z', 'nosuch', '80'], { net: net() })).toEqual([1, '', "nc: bad address 'nosuch'\n"]);
  });

  it('waits the -w timeout on a dropped connection before giving up', async () => {
    const p = testProcess(['nc', '-zv', '-w', '3', 'dropped', '80'], { net: net() });
    const t0 = p.now();
    expect(await nc(p.ctx)).toBe(1);
    expect(p.now() - t0).toBe(3000);
    expect(p.stderr()).toBe('nc: dropped (10.96.0.30:80): Connection timed out\n');
  });

  it('sends stdin and prints the reply', async () => {
    const n = net();
    n.listen('10.96.0.20', { port: 6379, tcp: async (d) => (d === 'PING\r\n' ? '+PONG\r\n' : '-ERR\r\n') });
    expect(await run(nc, ['nc', 'db', '6379'], { net: n, stdin: 'PING\r\n' })).toEqual([0, '+PONG\r\n', '']);
  });

  it('speaks HTTP to an HTTP listener from a raw request', async () => {
    const n = net();
    n.listen('10.96.0.20', { port: 80, http: async (req) => ({ status: 200, body: `you asked for ${req.path}` }) });
    const [code, out] = await run(nc, ['nc', 'db', '80'], { net: n, stdin: 'GET /x HTTP/1.0\r\n\r\n' });
    expect([code, out]).toEqual([0, 'HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\nyou asked for /x']);
  });

  it('-l -p listens, prints what arrives, answers with stdin and exits after one connection', async () => {
    const n = net();
    const p = testProcess(['nc', '-l', '-p', '8080'], { net: n, stdin: 'HTTP/1.1 200 OK\r\n\r\nhello', ip: '10.244.2.2' });
    const exit = nc(p.ctx);
    await p.flush();
    const l = n.dial('10.244.2.2', 8080);
    expect(typeof l).toBe('object');
    const res = await (l as { http: NonNullable<import('../../network/types').Listener['http']> }).http({ method: 'GET', path: '/', headers: { Host: 'x' }, body: '' }, '10.244.1.3');
    expect(res).toEqual({ status: 200, headers: {}, body: 'hello' });
    expect(await exit).toBe(0);
    expect(p.stdout()).toBe('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(n.dial('10.244.2.2', 8080)).toBe('ECONNREFUSED');
  });

  it('-l ends with the signal that stops it', async () => {
    const n = net();
    const p = testProcess(['nc', '-lk', '-p', '9000'], { net: n });
    const exit = nc(p.ctx);
    await p.flush();
    p.kill('SIGTERM');
    expect(await exit).toBe(143);
  });
});
