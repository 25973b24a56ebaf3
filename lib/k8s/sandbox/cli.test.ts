import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliUsageError, parseArgs, startCli } from './cli';
import { SqliteStoreFile } from './store/sqlite-persistence';

describe('sandbox CLI', () => {
  it('parses its flags and refuses unknown ones by name', () => {
    expect(parseArgs(['--port', '7000', '--workers', '2', '--time-scale', '60'])).toMatchObject({ port: 7000, workers: 2, timeScale: 60, host: '127.0.0.1' });
    expect(() => parseArgs(['--evil', '1'])).toThrow(CliUsageError);
    expect(() => parseArgs(['--port', 'x'])).toThrow(/--port x/);
  });

  it('writes a kubeconfig and serves the same cluster id and token after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-cli-'));
    const first = await startCli({ port: 0, host: '127.0.0.1', workers: 1, timeScale: 1, dataDir: dir });
    const config1 = fs.readFileSync(first.kubeconfigPath, 'utf8');
    const server = config1.match(/server: (\S+)/)![1];
    const res = await fetch(`${server}/api/v1/nodes`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(2);
    await first.stop();
    const second = await startCli({ port: 0, host: '127.0.0.1', workers: 1, timeScale: 1, dataDir: dir });
    const config2 = fs.readFileSync(second.kubeconfigPath, 'utf8');
    expect(config2.match(/token: (\S+)/)![1]).toBe(config1.match(/token: (\S+)/)![1]);
    expect(config2.match(/\/k8s\/(c[0-9a-f]+)/)![1]).toBe(config1.match(/\/k8s\/(c[0-9a-f]+)/)![1]);
    await second.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every object a learner created across a stop and start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-cli-'));
    const first = await startCli({ port: 0, host: '127.0.0.1', workers: 1, timeScale: 1, dataDir: dir });
    const server1 = fs.readFileSync(first.kubeconfigPath, 'utf8').match(/server: (\S+)/)![1];
    const created = await fetch(`${server1}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept' }, data: { a: '1' } }),
    });
    expect(created.status).toBe(201);
    const rv = ((await created.json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    await first.stop();
    const second = await startCli({ port: 0, host: '127.0.0.1', workers: 1, timeScale: 1, dataDir: dir });
    const server2 = fs.readFileSync(second.kubeconfigPath, 'utf8').match(/server: (\S+)/)![1];
    const got = (await (await fetch(`${server2}/api/v1/namespaces/default/configmaps/kept`)).json()) as { data: unknown; metadata: { resourceVersion: string } };
    expect(got.data).toEqual({ a: '1' });
    expect(got.metadata.resourceVersion).toBe(rv);
    await second.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has on disk what a write answered, though its store commits writes in groups', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-cli-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 1, timeScale: 1, dataDir: dir });
    const server = fs.readFileSync(cli.kubeconfigPath, 'utf8').match(/server: (\S+)/)![1];
    const created = await fetch(`${server}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'answered' }, data: { a: '1' } }),
    });
    expect(created.status).toBe(201);
    // Read the file as another process would after a crash, before the group commit's timer.
    const reader = new SqliteStoreFile(dir);
    const [id] = reader.clusterIds();
    const names = reader.forCluster(id).load().objects.map((o) => o.object.metadata.name);
    reader.close();
    expect(names).toContain('answered');
    await cli.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
