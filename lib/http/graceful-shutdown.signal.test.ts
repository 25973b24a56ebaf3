/**
 * The stop a kubelet asks for, end to end: a portal process (the sandbox side of server.ts, on
 * the product's SQLite store, started through tsx as `npm start` starts server.ts) gets a real
 * SIGTERM while one cluster is awake with 90 skipped minutes and another is held by an open
 * watch. It must exit 0 by itself, and the data directory must say both clusters sleep with their
 * virtual time kept: a new host wakes them where they stopped, with their objects.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxHost } from '../k8s/sandbox/host';
import { sandboxParts } from '../k8s/sandbox/parts';
import { readClusterRecords } from '../k8s/sandbox/records-file';
import { SqliteStoreFile } from '../k8s/sandbox/store/sqlite-persistence';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { SHUTDOWN_TEST_START, SKIPPED_SECONDS } from './testing/shutdown-portal';

interface Started {
  port: number;
  clusters: { id: string; token: string }[];
}

let child: ChildProcess | undefined;
let dir: string | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function startPortal(dataDir: string): Promise<{ started: Started; output: () => string; exited: Promise<number | null> }> {
  const script = path.join(import.meta.dirname, 'testing', 'shutdown-portal.ts');
  child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child!.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"port"'));
      if (line) resolve({ started: JSON.parse(line) as Started, output: () => out, exited });
    });
    void exited.then((code) => reject(new Error(`the portal exited (${code}) before listening:\n${out}`)));
  });
}

function get(port: number, pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: pathname, headers: { host: `10.244.1.7:${port}` } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** Opens a watch (an open stream holds its cluster awake) and resolves once its headers arrived. */
function openWatch(port: number, c: { id: string; token: string }): Promise<{ ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: `/k8s/${c.id}/token-${c.token}/api/v1/namespaces/default/configmaps?watch=true` }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch answered ${res.statusCode}`));
      res.resume();
      const ended = new Promise<void>((done) => {
        res.once('close', () => done());
        res.once('error', () => done());
      });
      resolve({ ended });
    }).on('error', reject);
  });
}

describe('SIGTERM to a portal process', () => {
  it('exits 0 by itself after putting every awake cluster to sleep, with its virtual time kept and its objects on disk', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-sigterm-'));
    const { started, output, exited } = await startPortal(dir);
    const [skipped, watched] = started.clusters;

    // A kubelet's probe: Host is the pod's address, no cookie.
    expect(await get(started.port, '/readyz')).toEqual({ status: 200, body: 'ok\n' });
    const watch = await openWatch(started.port, watched);

    const sigtermAt = Date.now();
    child!.kill('SIGTERM');
    const code = await exited;
    await watch.ended;
    expect(code, output()).toBe(0);
    expect(output()).toContain('shutdown: done');

    const { records } = readClusterRecords(path.join(dir, 'sandbox-clusters.json'), { now: new Date() });
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const c of [skipped, watched]) {
      const clock = byId.get(c.id)?.clock;
      expect(clock, `record of ${c.id}`).toBeDefined();
      expect(Date.parse(clock!.savedAt)).toBeGreaterThanOrEqual(sigtermAt - 1000);
    }
    expect(byId.get(skipped.id)!.clock!.now).toBe(SHUTDOWN_TEST_START + SKIPPED_SECONDS * 1000);
    expect(byId.get(watched.id)!.clock!.now).toBe(SHUTDOWN_TEST_START);

    // The next start: both asleep, and waking resumes the skipped one where it stopped.
    const file = new SqliteStoreFile(dir);
    const next = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file }), idleMs: 60_000, maxActive: 10 });
    try {
      expect(next.isAwake(skipped.id)).toBe(false);
      expect(next.isAwake(watched.id)).toBe(false);
      const woken = next.wake(skipped.id).cluster;
      expect(woken.clock.now()).toBeGreaterThanOrEqual(SHUTDOWN_TEST_START + SKIPPED_SECONDS * 1000);
      expect(woken.clock.now()).toBeLessThan(SHUTDOWN_TEST_START + SKIPPED_SECONDS * 1000 + 60_000);
      expect(woken.context.client.get(GR.configmaps, 'default', 'before-sigterm')?.data).toEqual({ k: 'kept' });
    } finally {
      next.close();
      file.close();
    }
  }, 60_000);
});
