import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxHost, UnknownClusterError, registerSandboxHost, sandboxHost } from './host';
import { sandboxParts } from './parts';
import { SqliteStoreFile } from './store/sqlite-persistence';

describe('SandboxHost', () => {
  it('gives every cluster an unguessable id and token', () => {
    const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }) });
    const a = host.createCluster().record;
    const b = host.createCluster().record;
    expect(a.id).toMatch(/^c[0-9a-f]{32}$/);
    expect(a.token.length).toBeGreaterThanOrEqual(43);
    expect(a.id).not.toBe(b.id);
    expect(a.token).not.toBe(b.token);
    expect(host.serverURL('http://x:1/', a.id)).toBe(`http://x:1/k8s/${a.id}/token-${a.token}`);
    host.close();
  });

  it('keeps cluster records in the data dir across restarts and forgets deleted ones', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-host-'));
    const first = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id }) });
    const kept = first.createCluster({ workers: 1 }).record;
    const dropped = first.createCluster({ workers: 1 }).record;
    first.deleteCluster(dropped.id);
    first.close();
    const second = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id }) });
    expect(second.listClusters().map((r) => [r.id, r.token])).toEqual([[kept.id, kept.token]]);
    expect(() => second.deleteCluster(dropped.id)).toThrow(UnknownClusterError);
    second.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('deletes the objects of a deleted cluster from the store file and keeps the others', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-host-'));
    const file = new SqliteStoreFile(dir, { commitEveryMs: 100 });
    const host = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file }) });
    const kept = host.createCluster({ workers: 1 }).record;
    const dropped = host.createCluster({ workers: 1 }).record;
    file.flush();
    expect(file.clusterIds().sort()).toEqual([kept.id, dropped.id].sort());
    host.deleteCluster(dropped.id);
    expect(file.clusterIds()).toEqual([kept.id]);
    expect(file.forCluster(dropped.id).load().objects).toEqual([]);
    expect(file.forCluster(kept.id).load().objects.length).toBeGreaterThan(0);
    host.close();
    file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses new clusters over its cap with 429', () => {
    const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }), maxClusters: 1 });
    host.createCluster();
    expect(() => host.createCluster()).toThrow(/limit 1/);
    host.close();
  });

  it('is reachable from route handlers through the process-wide registry', () => {
    const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }) });
    registerSandboxHost(host);
    expect(sandboxHost()).toBe(host);
    host.close();
  });
});
