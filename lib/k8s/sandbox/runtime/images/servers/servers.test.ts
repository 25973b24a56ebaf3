import { describe, expect, it } from 'vitest';
import { MemoryVfs } from '../../vfs';
import type { HttpResponse, Listener } from '../../../network/types';
import { TableNetwork, testProcess } from '../../network-commands/context.testing';
import { wget } from '../../network-commands/wget';
import { nc } from '../../network-commands/nc';
import { imageCommands, imageConfig } from '../index';

/** A container of image with its rootfs, started with the image's entrypoint + cmd (or argv). */
function container(image: string, opts: { net: TableNetwork; ip: string; env?: Record<string, string>; files?: Record<string, string>; argv?: string[] }) {
  const cfg = imageConfig(image);
  const fs = new MemoryVfs({ files: { ...cfg.files, ...(opts.files ?? {}) } });
  const argv = opts.argv ?? [...cfg.entrypoint, ...cfg.cmd];
  const p = testProcess(argv, { net: opts.net, fs, ip: opts.ip, env: { ...cfg.env, ...(opts.env ?? {}) } });
  const exit = imageCommands[argv[0]](p.ctx);
  return { p, fs, exit };
}

const http = (net: TableNetwork, ip: string, port: number) => net.dial(ip, port) as Listener;

describe('nginx', () => {
  it('prints the entrypoint and startup notices, serves the welcome page and logs a combined access line', async () => {
    const net = new TableNetwork({ 'web.default.svc.cluster.local': ['10.244.2.7'] });
    const { p, exit } = container('nginx:1.27', { net, ip: '10.244.2.7' });
    await p.flush();
    expect(p.stdout().split('\n').slice(0, 2)).toEqual(['/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration', '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/']);
    expect(p.stdout()).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(p.stderr().split('\n')[1]).toBe('2026/11/28 22:46:52 [notice] 1#1: nginx/1.27.3');

    const client = testProcess(['wget', '-qO-', 'http://web/'], { net, ip: '10.244.1.3' });
    expect(await wget(client.ctx)).toBe(0);
    expect(client.stdout()).toContain('<h1>Welcome to nginx!</h1>');
    expect(p.stdout().trimEnd().split('\n').at(-1)).toBe('10.244.1.3 - - [28/Nov/2026:22:46:52 +0000] "GET / HTTP/1.1" 200 615 "-" "Wget" "-"');

    const missing = await http(net, '10.244.2.7', 80).http!({ method: 'GET', path: '/nope', headers: {}, body: '' }, '10.244.1.3');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<center><h1>404 Not Found</h1></center>');

    p.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(p.stderr()).toContain('[notice] 1#1: signal 15 (SIGTERM) received, exiting\n');
    expect(p.stderr().trimEnd().split('\n').at(-1)).toBe('2026/11/28 22:46:52 [notice] 1#1: exit');
    expect(net.dial('10.244.2.7', 80)).toBe('ECONNREFUSED');
  });

  it('serves a ConfigMap mounted over its html directory and writes access logs into a mounted log directory', async () => {
    const net = new TableNetwork();
    const { p, fs } = container('nginx:1.27', { net, ip: '10.244.2.8', files: { '/usr/share/nginx/html/app-config': 'cache.ttl=300\n', '/var/log/nginx/.keep': '' } });
    await p.flush();
    const res = await http(net, '10.244.2.8', 80).http!({ method: 'GET', path: '/app-config', headers: { 'User-Agent': 'Wget' }, body: '' }, '10.244.1.4');
    expect([res.status, res.body]).toEqual([200, 'cache.ttl=300\n']);
    expect(fs.readFile('/var/log/nginx/access.log')).toBe('10.244.1.4 - - [28/Nov/2026:22:46:52 +0000] "GET /app-config HTTP/1.1" 200 14 "-" "Wget" "-"\n');
    expect(fs.readFile('/var/log/nginx/error.log')).toContain('[notice] 1#1: start worker processes');
    p.kill();
  });

  it('exits at once without daemon off, as the forked master leaves the container', async () => {
    const { exit } = container('nginx:1.27', { net: new TableNetwork(), ip: '10.244.2.9', argv: ['nginx'] });
    expect(await exit).toBe(0);
  });
});

describe('postgres', () => {
  it('refuses to start without POSTGRES_PASSWORD with the real message', async () => {
    const { p, exit } = container('postgres:16', { net: new TableNetwork(), ip: '10.244.1.9' });
    expect(await exit).toBe(1);
    expect(p.stderr()).toBe(
      'Error: Database is uninitialized and superuser password is not specified.\n' +
        '       You must specify POSTGRES_PASSWORD to a non-empty value for the\n' +
        '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".\n\n' +
        '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all\n' +
        '       connections without a password. This is *not* recommended.\n\n' +
        '       See PostgreSQL documentation about "trust":\n' +
        '       https://www.postgresql.org/docs/current/auth-trust.html\n',
    );
  });

  it('initialises once, then listens on 5432 and is ready to accept connections', async () => {
    const net = new TableNetwork({ 'db.default.svc.cluster.local': ['10.244.1.9'] });
    const { p, fs, exit } = container('postgres:16', { net, ip: '10.244.1.9', env: { POSTGRES_PASSWORD: 'learning-only' } });
    await p.flush();
    expect(p.stdout()).toContain('PostgreSQL init process complete; ready for start up.\n');
    expect(p.stderr()).toContain('LOG:  database system is ready to accept connections\n');
    expect(fs.readFile('/var/lib/postgresql/data/PG_VERSION')).toBe('16\n');
    const check = testProcess(['nc', '-z', 'db', '5432'], { net });
    expect(await nc(check.ctx)).toBe(0);
    p.kill();
    expect(await exit).toBe(0);
    expect(p.stderr()).toContain('LOG:  received smart shutdown request\n');
  });
});

describe('haproxy', () => {
  const cfg = [
    'global', '  log stdout format raw local0', 'defaults', '  mode http', '  timeout connect 5s',
    'frontend ambassador', '  bind *:8080', '  default_backend app', 'backend app', '  server app1 127.0.0.1:80 check', '',
  ].join('\n');

  it('forwards HTTP from its bind port to the backend server named in its config, on the pod localhost', async () => {
    const net = new TableNetwork();
    const backend: Listener = { port: 80, http: async (req): Promise<HttpResponse> => ({ status: 200, body: `app saw ${req.path}` }) };
    net.listen('10.244.3.3', backend);
    const { p, exit } = container('haproxy:2.9', { net, ip: '10.244.3.3', files: { '/usr/local/etc/haproxy/haproxy.cfg': cfg } });
    await p.flush();
    expect(p.stderr()).toBe('[NOTICE]   (1) : New worker (8) forked\n[NOTICE]   (1) : Loading success.\n');
    const res = await (net.dial('127.0.0.1', 8080, '10.244.3.3') as Listener).http!({ method: 'GET', path: '/x', headers: {}, body: '' }, '10.244.3.3');
    expect([res.status, res.body]).toEqual([200, 'app saw /x']);
    net.listeners.delete('10.244.3.3:80');
    const down = await (net.dial('10.244.3.3', 8080) as Listener).http!({ method: 'GET', path: '/', headers: {}, body: '' }, '10.244.1.1');
    expect(down.status).toBe(503);
    p.kill();
    expect(await exit).toBe(0);
  });

  it('fails at start without a configuration file', async () => {
    const { p, exit } = container('haproxy:2.9', { net: new TableNetwork(), ip: '10.244.3.4' });
    expect(await exit).toBe(1);
    expect(p.stderr()).toBe('[ALERT]    (1) : Cannot open configuration file/directory /usr/local/etc/haproxy/haproxy.cfg : No such file or directory\n');
  });
});

describe('redis and friends', () => {
  it('redis answers PING and SET/GET over TCP after Ready to accept connections', async () => {
    const net = new TableNetwork();
    const { p } = container('redis:7.2', { net, ip: '10.244.1.20' });
    await p.flush();
    expect(p.stdout()).toContain('* Ready to accept connections tcp\n');
    const l = net.dial('10.244.1.20', 6379) as Listener;
    expect(await l.tcp!('PING\r\nSET k v\r\nGET k\r\n', '')).toBe('+PONG\r\n+OK\r\n$1\r\nv\r\n');
    p.kill();
  });

  it('httpd says It works!, prometheus is healthy and node-exporter serves node_ metrics', async () => {
    const net = new TableNetwork();
    const procs = [container('httpd:2.4', { net, ip: '10.0.0.1' }), container('prom/prometheus:v2.53.0', { net, ip: '10.0.0.2' }), container('prom/node-exporter:v1.8.1', { net, ip: '10.0.0.3' })];
    await procs[0].p.flush();
    const get = async (ip: string, port: number, path: string) => (await (net.dial(ip, port) as Listener).http!({ method: 'GET', path, headers: {}, body: '' }, '10.0.0.9')).body;
    expect(await get('10.0.0.1', 80, '/')).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect(await get('10.0.0.2', 9090, '/-/healthy')).toBe('Prometheus Server is Healthy.\n');
    expect(await get('10.0.0.3', 9100, '/metrics')).toContain('node_memory_MemTotal_bytes 8.245460992e+09');
    for (const c of procs) c.p.kill();
  });

  it('fluent-bit tails new lines of matching files and prints them as records', async () => {
    const net = new TableNetwork();
    const conf = '[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n    Tag kube.*\n[FILTER]\n    Name record_modifier\n    Match *\n    Record node ${NODE_NAME}\n[OUTPUT]\n    Name stdout\n    Match *\n';
    const { p, fs } = container('fluent/fluent-bit:3.0', { net, ip: '10.0.0.5', env: { NODE_NAME: 'worker-1' }, files: { '/fluent-bit/etc/fluent-bit.conf': conf, '/var/log/containers/app.log': 'old\n' } });
    await p.flush();
    fs.writeFile('/var/log/containers/app.log', 'hello\n', { append: true });
    await p.flush();
    expect(p.stdout()).toContain('kube.var.log.containers.app.log: [[');
    expect(p.stdout()).toContain('{"log"=>"hello", "node"=>"worker-1"}]');
    expect(p.stdout()).not.toContain('"old"');
    p.kill();
  });
});
