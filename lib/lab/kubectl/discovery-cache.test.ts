import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscoveryTemplate, discoveryCacheDirName } from './discovery-cache';

/** A cluster that answers discovery only, counting what it is asked. */
function fakeCluster(groupVersion = 'apps/v1') {
  const asked: string[] = [];
  const bodies: Record<string, object> = {
    '/api': { kind: 'APIVersions', versions: ['v1'] },
    '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: groupVersion.split('/')[0], versions: [{ groupVersion, version: 'v1' }], preferredVersion: { groupVersion, version: 'v1' } }] },
    '/api/v1': { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'v1', resources: [{ name: 'pods', namespaced: true, kind: 'Pod', verbs: ['get'] }] },
    [`/apis/${groupVersion}`]: { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: [{ name: 'deployments', namespaced: true, kind: 'Deployment', verbs: ['get'] }] },
  };
  return {
    asked,
    cluster: {
      id: 'cabc',
      token: 'tok-en',
      handler: {
        handleRequest(req: IncomingMessage, res: ServerResponse) {
          const p = (req.url ?? '').replace('/k8s/cabc/token-tok-en', '');
          asked.push(p);
          const body = bodies[p];
          res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
          return true;
        },
        handleUpgrade: () => false,
      },
    },
  };
}

describe('kubectl\'s discovery cache made by the portal', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-discovery-test-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('names the cache directory as kubectl does (scheme dropped, every character outside [A-Za-z0-9_/.()] made _)', () => {
    // As kubectl 1.32 wrote it for this server URL (seen on disk).
    expect(discoveryCacheDirName('http://127.0.0.1:42415/k8s/c02c3282185a7f44f2f92772c9462d922/token-GQWm6zuHtwnMh-7RPZ64amYyFsXjE2fmf7CFQHd9qhw')).toBe('127.0.0.1_42415/k8s/c02c3282185a7f44f2f92772c9462d922/token_GQWm6zuHtwnMh_7RPZ64amYyFsXjE2fmf7CFQHd9qhw');
    expect(discoveryCacheDirName('https://h:6443/a b%2F..')).toBe('h_6443/a_b_2F..');
  });

  it('writes servergroups.json with the legacy group first and one serverresources.json per group version, once per process', async () => {
    const { cluster, asked } = fakeCluster();
    const t = new DiscoveryTemplate(root);
    const dir = await t.forRun(cluster);
    expect(dir).toBeDefined();
    const groups = JSON.parse(fs.readFileSync(path.join(dir!, 'servergroups.json'), 'utf8'));
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual(['', 'apps']);
    expect(JSON.parse(fs.readFileSync(path.join(dir!, 'v1', 'serverresources.json'), 'utf8')).resources[0].name).toBe('pods');
    expect(JSON.parse(fs.readFileSync(path.join(dir!, 'apps', 'v1', 'serverresources.json'), 'utf8')).resources[0].name).toBe('deployments');
    expect(await t.forRun(cluster)).toBe(dir);
    expect(asked).toEqual(['/api', '/apis', '/api/v1', '/apis/apps/v1']);
    t.remove();
    expect(fs.existsSync(dir!)).toBe(false);
  });

  it('touches its files again once a minute has passed, so kubectl keeps finding them fresh', async () => {
    let now = Date.parse('2026-12-07T12:00:00Z');
    const t = new DiscoveryTemplate(root, () => now);
    const dir = (await t.forRun(fakeCluster().cluster))!;
    const mtime = () => Math.round(fs.statSync(path.join(dir, 'servergroups.json')).mtimeMs);
    fs.utimesSync(path.join(dir, 'servergroups.json'), new Date(0), new Date(0));
    now += 60_000;
    await t.forRun(fakeCluster().cluster);
    expect(mtime()).toBe(0);
    now += 1;
    await t.forRun(fakeCluster().cluster);
    expect(mtime()).toBe(now);
    t.remove();
  });

  it('makes the template again when something removed it, so bwrap never mounts a missing directory', async () => {
    const t = new DiscoveryTemplate(root);
    const first = (await t.forRun(fakeCluster().cluster))!;
    fs.rmSync(path.dirname(first), { recursive: true });
    const again = await t.forRun(fakeCluster().cluster);
    expect(again).toBeDefined();
    expect(fs.existsSync(path.join(again!, 'servergroups.json'))).toBe(true);
    t.remove();
  });

  it('removes the templates of processes that are gone, and keeps those of live ones', async () => {
    const dead = path.join(root, 'kubelab-discovery-999999999-abc');
    const live = path.join(root, `kubelab-discovery-${process.ppid}-abc`);
    fs.mkdirSync(dead);
    fs.mkdirSync(live);
    const t = new DiscoveryTemplate(root);
    await t.forRun(fakeCluster().cluster);
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    t.remove();
    fs.rmSync(live, { recursive: true });
  });

  it('refuses a group version that is not a plain name (it becomes a path), and runs go without the template', async () => {
    const { cluster } = fakeCluster('../../etc/v1');
    const t = new DiscoveryTemplate(root);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => errors.push(a.join(' '));
    try {
      expect(await t.forRun(cluster)).toBeUndefined();
    } finally {
      console.error = original;
    }
    expect(String(errors[0])).toMatch(/kubectl discovery template could not be made .*unexpected group version/);
    expect(fs.readdirSync(root).filter((d) => d.startsWith('kubelab-discovery-'))).toEqual([]);
  });
});
