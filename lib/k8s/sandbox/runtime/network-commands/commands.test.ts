import { describe, expect, it } from 'vitest';
import { MemoryVfs } from '../vfs';
import type { HttpResponse, Listener } from '../../network/types';
import { curl } from './curl';
import { getent } from './getent';
import { nslookup } from './nslookup';
import { ping } from './ping';
import { wget } from './wget';
import { run, TableNetwork } from './context.testing';

const page = '<h1>hello</h1>\n';
const web: Listener = {
  port: 80,
  http: async (req): Promise<HttpResponse> =>
    req.path === '/'
      ? { status: 200, headers: { 'Content-Type': 'text/html' }, body: req.method === 'HEAD' ? '' : page }
      : req.path === '/old'
        ? { status: 301, headers: { Location: '/' }, body: '' }
        : req.path === '/echo'
          ? { status: 200, body: `${req.method} ${req.body}` }
          : { status: 404, body: 'not found\n' },
};

function net(): TableNetwork {
  const n = new TableNetwork({
    'web.default.svc.cluster.local': ['10.96.12.3'],
    'down.default.svc.cluster.local': ['10.96.12.4'],
    'web-headless.default.svc.cluster.local': ['10.244.1.5', '10.244.2.6'],
    'web-0.web-headless.default.svc.cluster.local': ['10.244.1.5'],
  });
  n.listen('10.96.12.3', web);
  n.listen('10.244.1.5', { port: 1, tcp: async () => '' });
  return n;
}

describe('nslookup', () => {
  it('prints the server block and one Name/Address pair per record, as busybox does', async () => {
    expect(await run(nslookup, ['nslookup', 'web-0.web-headless.default.svc.cluster.local'], { net: net() })).toEqual([
      0,
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb-0.web-headless.default.svc.cluster.local\nAddress: 10.244.1.5\n\n',
      '',
    ]);
    const [, out] = await run(nslookup, ['nslookup', 'web-headless'], { net: net() });
    expect(out).toContain('Name:\tweb-headless.default.svc.cluster.local\nAddress: 10.244.1.5\nName:\tweb-headless.default.svc.cluster.local\nAddress: 10.244.2.6\n');
  });

  it('answers NXDOMAIN with exit 1 for an unknown name', async () => {
    expect(await run(nslookup, ['nslookup', 'x'], { net: net() })).toEqual([1, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find x: NXDOMAIN\n\n", '']);
  });
});

describe('wget', () => {
  it('-qO- prints the body only', async () => {
    expect(await run(wget, ['wget', '-qO-', 'http://web'], { net: net() })).toEqual([0, page, '']);
  });

  it('reports connecting, the progress bar and the saved file, and writes it into the filesystem', async () => {
    const fs = new MemoryVfs();
    fs.mkdir('/config');
    const [code, out, err] = await run(wget, ['wget', '-O', '/config/app.properties', 'http://web/'], { net: net(), fs });
    expect([code, out]).toEqual([0, '']);
    expect(err).toBe(
      "Connecting to web (10.96.12.3:80)\nsaving to '/config/app.properties'\napp.properties      100% |********************************|    15  0:00:00 ETA\n'/config/app.properties' saved\n",
    );
    expect(fs.readFile('/config/app.properties')).toBe(page);
  });

  it('fails with busybox messages for a refused connection, a bad address and an HTTP error', async () => {
    expect(await run(wget, ['wget', '-qO-', 'http://down'], { net: net() })).toEqual([1, '', "wget: can't connect to remote host (10.96.12.4): Connection refused\n"]);
    expect(await run(wget, ['wget', '-qO-', 'http://x/'], { net: net() })).toEqual([1, '', "wget: bad address 'x'\n"]);
    expect(await run(wget, ['wget', '-qO-', 'http://web/missing'], { net: net() })).toEqual([1, '', 'wget: server returned error: HTTP/1.1 404 Not Found\n']);
  });

  it('--spider checks without saving, and redirects are followed', async () => {
    expect(await run(wget, ['wget', '--spider', '-q', 'http://web/'], { net: net() })).toEqual([0, '', '']);
    expect(await run(wget, ['wget', '-qO-', 'http://web/old'], { net: net() })).toEqual([0, page, '']);
  });

  it('-T gives up on a dropped connection with download timed out', async () => {
    const n = new TableNetwork({ 'slow.default.svc.cluster.local': ['10.96.1.1'] }, { '10.96.1.1': 'ETIMEDOUT' });
    expect(await run(wget, ['wget', '-q', '-T', '2', '-O-', 'http://slow'], { net: n })).toEqual([1, '', 'wget: download timed out\n']);
  });

  it("refuses to overwrite a file it names itself: can't open 'index.html': File exists", async () => {
    const fs = new MemoryVfs({ files: { '/index.html': 'old' } });
    expect(await run(wget, ['wget', '-q', 'http://web/'], { net: net(), fs })).toEqual([1, '', "wget: can't open 'index.html': File exists\n"]);
  });
});

describe('curl', () => {
  it('-s prints the body; -w %{http_code} appends the status', async () => {
    expect(await run(curl, ['curl', '-s', 'http://web/'], { net: net() })).toEqual([0, page, '']);
    expect(await run(curl, ['curl', '-s', '-o', '/dev-null', '-w', '%{http_code}', 'web/missing'], { net: net() })).toEqual([0, '404', '']);
  });

  it('-f fails with (22) on an HTTP error, -I prints the headers, -X/-d send a method and body', async () => {
    expect(await run(curl, ['curl', '-sSf', 'http://web/missing'], { net: net() })).toEqual([22, '', 'curl: (22) The requested URL returned error: 404\n']);
    expect(await run(curl, ['curl', '-sI', 'http://web/'], { net: net() })).toEqual([0, 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n', '']);
    expect(await run(curl, ['curl', '-s', '-X', 'PUT', '-d', 'a=1', 'http://web/echo'], { net: net() })).toEqual([0, 'PUT a=1', '']);
  });

  it('reports resolve and connect failures with curl error codes', async () => {
    expect(await run(curl, ['curl', 'http://x/'], { net: net() })).toEqual([6, '', 'curl: (6) Could not resolve host: x\n']);
    expect(await run(curl, ['curl', '-s', 'http://down/'], { net: net() })).toEqual([7, '', '']);
    expect(await run(curl, ['curl', '-sS', 'http://down/'], { net: net() })).toEqual([7, '', "curl: (7) Failed to connect to down port 80 after 0 ms: Couldn't connect to server\n"]);
  });

  it('shows the progress meter on stderr without -s', async () => {
    const [code, out, err] = await run(curl, ['curl', 'http://web/'], { net: net() });
    expect([code, out]).toEqual([0, page]);
    expect(err.split('\n')[0]).toBe('  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current');
  });
});

describe('getent and ping', () => {
  it('getent hosts prints address and name, exit 2 when unknown', async () => {
    expect(await run(getent, ['getent', 'hosts', 'web'], { net: net() })).toEqual([0, '10.96.12.3      web.default.svc.cluster.local\n', '']);
    expect(await run(getent, ['getent', 'hosts', 'nosuch'], { net: net() })).toEqual([2, '', '']);
  });

  it('ping gets replies from a pod IP but none from a ClusterIP', async () => {
    const [podCode, podOut] = await run(ping, ['ping', '-c', '1', 'web-0.web-headless'], { net: net() });
    expect([podCode, podOut]).toEqual([0, 'PING web-0.web-headless (10.244.1.5): 56 data bytes\n64 bytes from 10.244.1.5: seq=0 ttl=63 time=0.081 ms\n\n--- web-0.web-headless ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\nround-trip min/avg/max = 0.081/0.081/0.081 ms\n']);
    const [svcCode, svcOut] = await run(ping, ['ping', '-c', '2', 'web'], { net: net() });
    expect([svcCode, svcOut.split('\n').slice(-2)[0]]).toEqual([1, '2 packets transmitted, 0 packets received, 100% packet loss']);
  });
});
