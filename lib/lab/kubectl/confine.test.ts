import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bwrapArgs, ConfinementMissingError, findConfinement, SANDBOX_TMPFS_BYTES, sandboxServerUrl, unconfinedAllowed } from './confine';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-confine-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fakeBin(name: string): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, name), '#!/bin/sh\n', { mode: 0o755 });
  return bin;
}

describe('finding the sandbox tools', () => {
  it('names each missing Debian package', () => {
    expect(findConfinement(path.join(dir, 'empty'))).toEqual({ missing: ['bubblewrap', 'socat'] });
    expect(findConfinement(fakeBin('bwrap'))).toEqual({ missing: ['socat'] });
  });

  it('finds bwrap and socat on the path', () => {
    const bin = fakeBin('socat');
    expect(findConfinement(bin)).toEqual({ bwrap: path.join(bin, 'bwrap'), socat: path.join(bin, 'socat') });
  });

  it('says what to install and that unconfined runs are for development only', () => {
    const e = new ConfinementMissingError(['bubblewrap']);
    expect(e.message).toMatch(/apt-get install -y bubblewrap\)/);
    expect(e.message).toMatch(/KUBELAB_UNCONFINED_KUBECTL=1 runs kubectl without the sandbox/);
  });

  it('runs unconfined only when KUBELAB_UNCONFINED_KUBECTL is exactly 1', () => {
    expect(unconfinedAllowed({ KUBELAB_UNCONFINED_KUBECTL: '1' })).toBe(true);
    expect(unconfinedAllowed({ KUBELAB_UNCONFINED_KUBECTL: 'true' })).toBe(false);
    expect(unconfinedAllowed({})).toBe(false);
  });
});

describe('the bwrap command line', () => {
  const kubectl = process.execPath; // any real file: only its path is used
  const runDir = path.join(dir, 'run');
  const args = bwrapArgs({ bwrap: '/usr/bin/bwrap', socat: '/usr/bin/socat' }, { runDir, kubectl, args: ['get', 'pods'] });
  const mounts = args.flatMap((a, i) => (a === '--ro-bind' || a === '--bind' ? [[args[i + 1], args[i + 2], a]] : []));

  it('unshares every namespace, drops capabilities and clears the environment', () => {
    for (const flag of ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session', '--clearenv']) expect(args).toContain(flag);
    expect(args.slice(args.indexOf('--cap-drop'), args.indexOf('--cap-drop') + 2)).toEqual(['--cap-drop', 'ALL']);
    expect(args).not.toContain('--share-net');
  });

  it('mounts only /usr, kubectl\'s own directory and the run directory, all read-only', () => {
    expect(mounts.every(([, , how]) => how === '--ro-bind')).toBe(true);
    const sources = mounts.map(([src]) => src);
    expect(sources).toContain('/usr');
    expect(sources).toContain(runDir);
    expect(sources.filter((s) => s !== '/usr' && s !== runDir)).toEqual(fs.realpathSync(kubectl).startsWith('/usr/') ? [] : [path.dirname(fs.realpathSync(kubectl))]);
    expect(sources).not.toContain(process.cwd());
  });

  it('covers a data directory or checkout that lies under /usr with an empty tmpfs', () => {
    const hidden = bwrapArgs({ bwrap: '/usr/bin/bwrap', socat: '/usr/bin/socat' }, { runDir, kubectl, args: [], hide: ['/usr/src/app/.data', '/usr/src/app', '/srv/kubelab', '/'] });
    const tmpfs = hidden.flatMap((a, i) => (a === '--tmpfs' ? [hidden[i + 1]] : []));
    expect(tmpfs).toEqual(['/usr/src/app/.data', '/usr/src/app', '/tmp', '/home/kubelab']);
    expect(hidden.indexOf('/usr/src/app')).toBeGreaterThan(hidden.indexOf('/usr'));
  });

  it('gives HOME and /tmp fresh tmpfs that end with the run, each capped in size', () => {
    const tmpfs = args.flatMap((a, i) => (a === '--tmpfs' ? [[args[i + 1], args[i - 2] === '--size' ? Number(args[i - 1]) : undefined]] : []));
    expect(tmpfs).toEqual([['/tmp', SANDBOX_TMPFS_BYTES], ['/home/kubelab', SANDBOX_TMPFS_BYTES]]);
  });

  it('passes kubectl\'s arguments as positional parameters, never as shell text', () => {
    expect(args.slice(-4)).toEqual(['/usr/bin/socat', fs.realpathSync(kubectl), 'get', 'pods']);
    expect(args[args.indexOf('-c') - 1]).toBe('/bin/bash');
  });

  it('points kubectl at the loopback forwarder, under the learner\'s cluster path', () => {
    expect(sandboxServerUrl('c1', 'tok')).toBe('http://127.0.0.1:6443/k8s/c1/token-tok');
  });
});
