/**
 * kubectl cp both ways, with directories, through the runtime's tar (real ustar), and the
 * refusals a hostile archive meets (member names climbing out with '..').
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli';
import { kubectl, requireKubectl } from './support/kubectl';
import { ustarHeader } from '../runtime/shell/utils/tar';

const run = requireKubectl();

describe.runIf(run)('kubectl cp', () => {
  const s = { kubeconfig: '', stop: async () => undefined as void, dataDir: '', local: '' };
  const k = (args: string[], input?: string) => kubectl(s.kubeconfig, args, input);

  beforeAll(async () => {
    s.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-cp-'));
    s.local = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-cp-local-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 1, timeScale: 20, dataDir: s.dataDir });
    s.stop = cli.stop;
    s.kubeconfig = cli.kubeconfigPath;
    await k(['run', 'box', '--image=busybox:1.36', '--', 'sleep', '3600']);
    expect((await k(['wait', '--for=condition=Ready', 'pod/box', '--timeout=30s'])).stdout).toContain('condition met');
  }, 60_000);
  afterAll(async () => {
    await s.stop();
    fs.rmSync(s.dataDir, { recursive: true, force: true });
    fs.rmSync(s.local, { recursive: true, force: true });
  });

  it('copies a local file into the pod and back out unchanged', async () => {
    fs.writeFileSync(path.join(s.local, 'local.txt'), 'hello from the laptop\nsecond line\n');
    const up = await k(['cp', path.join(s.local, 'local.txt'), 'box:/tmp/x']);
    expect(up.stderr).toBe('');
    expect((await k(['exec', 'box', '--', 'cat', '/tmp/x'])).stdout).toBe('hello from the laptop\nsecond line\n');
    await k(['exec', 'box', '--', 'sh', '-c', 'echo made in the pod > /tmp/y']);
    const down = await k(['cp', 'box:/tmp/y', path.join(s.local, 'out.txt')]);
    expect(down.stderr).toMatch(/^(tar: removing leading '\/' from member names\n)?$/);
    expect(fs.readFileSync(path.join(s.local, 'out.txt'), 'utf8')).toBe('made in the pod\n');
  });

  it('copies directories both ways', async () => {
    const dir = path.join(s.local, 'site');
    fs.mkdirSync(path.join(dir, 'css'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), '<h1>hi</h1>\n');
    fs.writeFileSync(path.join(dir, 'css', 'a.css'), 'h1 { color: red }\n');
    await k(['cp', dir, 'box:/srv/site']);
    expect((await k(['exec', 'box', '--', 'cat', '/srv/site/index.html', '/srv/site/css/a.css'])).stdout).toBe('<h1>hi</h1>\nh1 { color: red }\n');
    const back = path.join(s.local, 'back');
    await k(['cp', 'box:/srv/site', back]);
    expect(fs.readFileSync(path.join(back, 'css', 'a.css'), 'utf8')).toBe('h1 { color: red }\n');
    expect(fs.readFileSync(path.join(back, 'index.html'), 'utf8')).toBe('<h1>hi</h1>\n');
  });

  it('refuses archive members that climb out with .. and keeps the pod usable', async () => {
    const body = Buffer.from('owned\n');
    const tarball = Buffer.concat([ustarHeader('../../etc/evil', 'file', body.length, 0, 0o644), body, Buffer.alloc(512 - body.length), ustarHeader('fine.txt', 'file', 3, 0, 0o644), Buffer.from('ok\n'), Buffer.alloc(509), Buffer.alloc(1024)]);
    const r = await k(['exec', '-i', 'box', '--', 'tar', '-xf', '-', '-C', '/tmp/in'], tarball.toString('latin1'));
    expect(r.stderr).toContain("tar: skipping '../../etc/evil': member name contains '..'");
    expect((await k(['exec', 'box', '--', 'ls', '/etc/evil'])).code).not.toBe(0);
    expect((await k(['exec', 'box', '--', 'cat', '/tmp/in/fine.txt'])).stdout).toBe('ok\n');
  });
});
