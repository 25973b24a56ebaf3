import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ClassFullError, ClusterLimitError, needsComponents, RECORDS_FILE, SandboxHost, UnknownClusterError, type SandboxHostOptions } from './host';
import { installTurns } from '../../turns/turns';
import { sandboxParts } from './parts';
import { productComponents } from './components';
import { GR } from './controllers/framework/client';
import { SqliteStoreFile } from './store/sqlite-persistence';
import { readClusterRecords } from './records-file';
import Database from 'better-sqlite3';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** A data dir with a store file, a host on an injected wall clock, and cleanup. */
class Fixture {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-host-'));
  wall = Date.UTC(2026, 0, 5, 9, 0, 0);
  readonly file = new SqliteStoreFile(this.dir, { commitEveryMs: 100 });
  partsBuilt = 0;
  readonly logs: string[] = [];
  private readonly hosts: SandboxHost[] = [];

  host(opts: Partial<SandboxHostOptions> = {}): SandboxHost {
    const host = new SandboxHost({
      dataDir: this.dir,
      now: () => this.wall,
      idleMs: 20 * MIN,
      idleCheckEveryMs: 0,
      log: (m) => this.logs.push(m),
      storedClusterIds: () => this.file.clusterIds(),
      parts: (r) => {
        this.partsBuilt++;
        return sandboxParts({ clusterId: r.id, storeFile: this.file, wallNow: () => this.wall });
      },
      ...opts,
    });
    this.hosts.push(host);
    return host;
  }

  close(): void {
    for (const h of this.hosts) h.close();
    this.file.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: name } });

async function serve(host: SandboxHost): Promise<{ base: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

let fixture: Fixture | undefined;
afterEach(() => {
  fixture?.close();
  fixture = undefined;
});

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

  it('refuses new clusters over its cap on kept clusters with a 503 that names the setting', () => {
    const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }), maxClusters: 1 });
    host.createCluster();
    expect(() => host.createCluster()).toThrow(ClusterLimitError);
    expect(() => host.createCluster()).toThrow(/keeps 1 clusters.*KUBELAB_MAX_CLUSTERS/);
    host.close();
  });
});

describe('SandboxHost: clusters that sleep and wake', () => {
  it('loads no cluster when it starts, however many it keeps', () => {
    fixture = new Fixture();
    const first = fixture.host();
    for (let i = 0; i < 3; i++) first.createCluster({ workers: 1 });
    first.close();
    fixture.partsBuilt = 0;
    const second = fixture.host();
    expect(second.listClusters()).toHaveLength(3);
    expect(second.awakeCount()).toBe(0);
    expect(fixture.partsBuilt).toBe(0);
  });

  it('wakes a cluster on a request with its token and none on a wrong token or an unknown id', async () => {
    fixture = new Fixture();
    const first = fixture.host();
    const { record, cluster } = first.createCluster({ workers: 1 });
    cluster.context.client.create(configMap('kept'));
    first.close();
    const host = fixture.host();
    const http = await serve(host);
    try {
      const wrong = await fetch(`${http.base}/k8s/${record.id}/token-${'x'.repeat(43)}/api/v1/namespaces/default/configmaps/kept`);
      expect(wrong.status).toBe(401);
      const unknown = await fetch(`${http.base}/k8s/c${'0'.repeat(32)}/token-${record.token}/api/v1/namespaces/default/configmaps/kept`);
      expect(unknown.status).toBe(401);
      expect(host.awakeCount()).toBe(0);
      const right = await fetch(`${http.base}/k8s/${record.id}/token-${record.token}/api/v1/namespaces/default/configmaps/kept`);
      expect(right.status).toBe(200);
      expect(((await right.json()) as { data: { k: string } }).data.k).toBe('kept');
      expect(host.isAwake(record.id)).toBe(true);
    } finally {
      await http.close();
    }
  });

  it('puts a cluster unused for idleMs to sleep and wakes it with its objects and its clock where it stopped', () => {
    fixture = new Fixture();
    const host = fixture.host();
    const { record, cluster } = host.createCluster({ workers: 1 });
    cluster.context.client.create(configMap('before-sleep'));
    cluster.clock.setScale?.(60);
    fixture.wall += 19 * MIN;
    expect(host.sleepIdle()).toEqual([]);
    fixture.wall += 1 * MIN;
    const stoppedAt = cluster.clock.now();
    expect(host.sleepIdle()).toEqual([record.id]);
    expect(host.isAwake(record.id)).toBe(false);
    expect(host.getCluster(record.id)).toBeUndefined();

    fixture.wall += DAY;
    const woken = host.wake(record.id).cluster;
    expect(woken).not.toBe(cluster);
    expect(woken.clock.now()).toBe(stoppedAt);
    expect(woken.clockState().scale).toBe(60);
    expect(woken.context.client.get(GR.configmaps, 'default', 'before-sleep')?.data).toEqual({ k: 'before-sleep' });
    expect(host.takePausedSeconds(record.id)).toBe(DAY / 1000);
    expect(host.takePausedSeconds(record.id)).toBeUndefined();
  });

  it('answers a wake that starts later before the cluster\'s components start, and starts them on a later turn in wake order', async () => {
    fixture = new Fixture();
    const started: string[] = [];
    const host = fixture.host({ components: (ctx) => [{ start: () => void started.push(ctx.cluster.id), stop: () => undefined }] });
    const a = host.createCluster({ workers: 1 }).record;
    const b = host.createCluster({ workers: 1 }).record;
    host.sleep(a.id);
    host.sleep(b.id);
    started.length = 0;

    const wokenA = host.wake(a.id, { startLater: true });
    const wokenB = host.wake(b.id, { startLater: true });
    // Awake and serving its objects, its components not yet running.
    expect(host.isAwake(a.id)).toBe(true);
    expect(wokenA.cluster.started).toBe(false);
    expect(wokenA.cluster.context.client.list(GR.namespaces).length).toBeGreaterThan(0);
    expect(started).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([a.id]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([a.id, b.id]);
    expect(wokenB.cluster.started).toBe(true);
  });

  it('leaves a woken cluster\'s start to the queue for a read of stored objects or a hold, starts it at once for a write, a log read or a skip, and never starts one put back to sleep first', async () => {
    fixture = new Fixture();
    // Turns that answer requests at once and keep everything else (the start queue) until released.
    const held: (() => void)[] = [];
    installTurns({ soon: (fn, lane) => (lane === 'request' ? setImmediate(fn) : held.push(fn)) });
    try {
      const started: string[] = [];
      const host = fixture.host({ components: (ctx) => [{ start: () => void started.push(ctx.cluster.id), stop: () => undefined }] });
      const ids = [0, 1, 2, 3, 4, 5].map(() => host.createCluster({ workers: 1 }).record);
      for (const r of ids) host.sleep(r.id);
      started.length = 0;
      held.length = 0;
      const [reader, holder, writer, logReader, skipper, slept] = ids;
      for (const r of ids) host.wake(r.id, { startLater: true });

      const http = await serve(host);
      const url = (r: { id: string; token: string }, p: string) => `${http.base}/k8s/${r.id}/token-${r.token}${p}`;
      const read = await fetch(url(reader, '/api/v1/namespaces/default/configmaps'));
      expect(read.status).toBe(200);
      await read.arrayBuffer();
      host.hold(holder.id)();
      const write = await fetch(url(writer, '/api/v1/namespaces/default/configmaps'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(configMap('written')) });
      expect(write.status).toBe(201);
      await write.arrayBuffer();
      const log = await fetch(url(logReader, '/api/v1/namespaces/default/pods/nope/log'));
      expect(log.status).toBe(404);
      await log.arrayBuffer();
      await http.close();
      expect(started).toEqual([writer.id, logReader.id]);

      expect(host.sleep(slept.id)).toBe(true);
      while (held.length > 0) held.shift()!();
      expect(started).toEqual([writer.id, logReader.id, reader.id, holder.id, skipper.id]);

      // A skip through virtual time needs the controllers: it starts them first.
      const skipped = host.wake(slept.id, { startLater: true }).cluster;
      await skipped.advance(1);
      expect(started).toEqual([writer.id, logReader.id, reader.id, holder.id, skipper.id, slept.id]);
    } finally {
      installTurns(undefined);
    }
  });

  it('tells which requests need a cluster\'s components now: writes and reads of what the nodes hold, not reads of stored objects', () => {
    expect(needsComponents('GET', '/api/v1/namespaces/default/pods')).toBe(false);
    expect(needsComponents('GET', '/apis/batch/v1/namespaces/default/jobs/pi')).toBe(false);
    expect(needsComponents('HEAD', '/api/v1/namespaces')).toBe(false);
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(needsComponents(m, '/api/v1/namespaces/default/configmaps')).toBe(true);
    expect(needsComponents('GET', '/api/v1/namespaces/default/pods/web-0/log')).toBe(true);
    expect(needsComponents('GET', '/api/v1/namespaces/default/pods/web-0/exec')).toBe(true);
    expect(needsComponents('GET', '/api/v1/namespaces/default/services/web:80/proxy/healthz')).toBe(true);
    expect(needsComponents(undefined, '/api/v1/namespaces')).toBe(true);
  });

  it('wakes a finished Job\'s pod as it was left: its container still terminated with its exit code, no status written', async () => {
    fixture = new Fixture();
    const host = fixture.host({ components: productComponents });
    const { record, cluster } = host.createCluster({ workers: 1 });
    cluster.context.client.create({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once', namespace: 'default' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }] } } },
    });
    await cluster.advance(60);
    const pod = () => host.getCluster(record.id)!.cluster.context.client.list(GR.pods, { namespace: 'default' })[0];
    const before = pod();
    expect((before.status as { phase?: string }).phase).toBe('Succeeded');
    expect(host.sleep(record.id)).toBe(true);

    const woken = host.wake(record.id).cluster;
    await woken.advance(5);
    const after = pod();
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect((after.status as { containerStatuses: { state: unknown }[] }).containerStatuses[0].state).toEqual({ terminated: expect.objectContaining({ exitCode: 0, reason: 'Completed' }) });
  });

  it('restarts a running pod\'s container after a wake from the image its node already has, without pulling it again', async () => {
    fixture = new Fixture();
    const host = fixture.host({ components: productComponents });
    const { record, cluster } = host.createCluster({ workers: 1 });
    cluster.context.client.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } });
    await cluster.advance(20);
    expect((cluster.context.client.get(GR.pods, 'default', 'web')?.status as { phase?: string }).phase).toBe('Running');
    expect(host.sleep(record.id)).toBe(true);

    const woken = host.wake(record.id).cluster;
    const rv = Number(woken.store.resourceVersion());
    await woken.advance(1);
    const messages = woken.context.client.list(GR.events, { namespace: 'default' })
      .filter((e) => Number(e.metadata.resourceVersion) > rv)
      .map((e) => (e as unknown as { message: string }).message);
    expect(messages).toContain('Container image "nginx:1.27" already present on machine');
    expect(messages.some((m) => m.startsWith('Pulling'))).toBe(false);
    expect((woken.context.client.get(GR.pods, 'default', 'web')?.status as { phase?: string }).phase).toBe('Running');
  });

  it('puts a cluster woken for later back to sleep when a damaged stored object stops its components from starting, and says so', async () => {
    fixture = new Fixture();
    const host = fixture.host({ components: productComponents });
    const { record } = host.createCluster({ workers: 1 });
    host.sleep(record.id);
    fixture.file.flush();
    const db = new Database(path.join(fixture.dir, 'sandbox-store.db'));
    db.prepare("UPDATE objects SET body = '{not json' WHERE cluster = ? AND resource = 'namespaces'").run(record.id);
    db.close();

    host.wake(record.id, { startLater: true });
    expect(host.isAwake(record.id)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(host.isAwake(record.id)).toBe(false);
    expect(fixture.logs.some((l) => l.includes(record.id) && /could not start its components .*put back to sleep/.test(l))).toBe(true);
    // Loaded anew, it fails as a load does: nothing stays awake half started.
    expect(() => host.wake(record.id)).toThrow(SyntaxError);
    expect(host.isAwake(record.id)).toBe(false);
  });

  it('leaves a CronJob its last run and its next run across a sleep of a day', async () => {
    fixture = new Fixture();
    const host = fixture.host({ components: productComponents });
    const { record, cluster } = host.createCluster({ workers: 1 });
    cluster.context.client.create({
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick', namespace: 'default' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo tick'] }] } } } } },
    });
    await cluster.advance(150);
    const last = (cluster.context.client.get(GR.cronjobs, 'default', 'tick')?.status as { lastScheduleTime?: string }).lastScheduleTime;
    expect(last).toBeDefined();
    expect(host.sleep(record.id)).toBe(true);
    fixture.wall += DAY;

    const woken = host.wake(record.id).cluster;
    const status = () => woken.context.client.get(GR.cronjobs, 'default', 'tick')?.status as { lastScheduleTime?: string };
    expect(status().lastScheduleTime).toBe(last);
    const jobsBefore = woken.context.client.list(GR.jobs, { namespace: 'default' }).length;
    await woken.advance(60);
    // One run a minute later, as if no day had passed: not a missed-schedule catch-up.
    expect(Date.parse(status().lastScheduleTime!) - Date.parse(last!)).toBe(60_000);
    expect(woken.context.client.list(GR.jobs, { namespace: 'default' }).length).toBe(jobsBefore + 1);
  });

  it('keeps a held cluster awake however long it is idle, and lets it sleep once released', () => {
    fixture = new Fixture();
    const host = fixture.host();
    const { record } = host.createCluster({ workers: 1 });
    const release = host.hold(record.id);
    fixture.wall += 3 * 20 * MIN;
    expect(host.sleepIdle()).toEqual([]);
    expect(host.sleep(record.id)).toBe(false);
    release();
    release();
    fixture.wall += 19 * MIN;
    expect(host.sleepIdle()).toEqual([]);
    fixture.wall += 1 * MIN;
    expect(host.sleepIdle()).toEqual([record.id]);
  });

  it('keeps a cluster awake while a watch on it is open', async () => {
    fixture = new Fixture();
    const host = fixture.host();
    const { record } = host.createCluster({ workers: 1 });
    const http = await serve(host);
    const abort = new AbortController();
    try {
      const res = await fetch(`${http.base}/k8s/${record.id}/token-${record.token}/api/v1/namespaces/default/configmaps?watch=true`, { signal: abort.signal });
      expect(res.status).toBe(200);
      fixture.wall += 60 * MIN;
      expect(host.sleepIdle()).toEqual([]);
      abort.abort();
      await res.body?.cancel().catch(() => undefined);
      for (let i = 0; i < 100 && host.sleep(record.id) === false; i++) await new Promise((r) => setTimeout(r, 10));
      expect(host.isAwake(record.id)).toBe(false);
    } finally {
      await http.close();
    }
  });

  it('puts the least recently used idle cluster to sleep to make room past maxActive', () => {
    fixture = new Fixture();
    const host = fixture.host({ maxActive: 2 });
    const a = host.createCluster({ workers: 1 }).record;
    fixture.wall += 1 * MIN;
    const b = host.createCluster({ workers: 1 }).record;
    fixture.wall += 1 * MIN;
    host.touch(a.id);
    fixture.wall += 2 * MIN;
    const c = host.createCluster({ workers: 1 }).record;
    expect(host.isAwake(a.id)).toBe(true);
    expect(host.isAwake(b.id)).toBe(false);
    expect(host.isAwake(c.id)).toBe(true);
    expect(host.awakeCount()).toBe(2);
  });

  it('refuses a newcomer with a clear class-full error when every awake cluster is held or just used', async () => {
    fixture = new Fixture();
    const host = fixture.host({ maxActive: 2 });
    const a = host.createCluster({ workers: 1 }).record;
    const b = host.createCluster({ workers: 1 }).record;
    const release = host.hold(a.id);
    fixture.wall += 30_000;
    host.touch(b.id);
    const err = (() => {
      try {
        host.createCluster({ workers: 1 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ClassFullError);
    expect((err as ClassFullError).code).toBe(503);
    expect((err as ClassFullError).message).toBe('The class is full: every cluster slot is in use. Try again in a minute.');
    expect((err as ClassFullError).details?.retryAfterSeconds).toBe(60);
    expect(host.listClusters()).toHaveLength(2);

    // A sleeping cluster's own request is refused the same way, over HTTP with Retry-After.
    fixture.wall += 2 * MIN;
    host.sleep(b.id);
    const c = host.createCluster({ workers: 1 }).record;
    const http = await serve(host);
    try {
      const res = await fetch(`${http.base}/k8s/${b.id}/token-${b.token}/api/v1/namespaces`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('60');
      expect(((await res.json()) as { message: string }).message).toMatch(/^The class is full/);
      expect(host.isAwake(b.id)).toBe(false);
    } finally {
      await http.close();
    }
    release();
    fixture.wall += 2 * MIN;
    expect(host.wake(b.id).record.id).toBe(b.id);
    expect(host.isAwake(a.id) !== host.isAwake(c.id)).toBe(true);
  });

  it('says an unknown id is unknown when asked to wake or hold it', () => {
    fixture = new Fixture();
    const host = fixture.host();
    expect(() => host.wake('c-nope')).toThrow(UnknownClusterError);
    expect(() => host.hold('c-nope')).toThrow(UnknownClusterError);
    expect(host.awakeCount()).toBe(0);
  });

  it('deletes a sleeping cluster with its stored objects without waking it', () => {
    fixture = new Fixture();
    const host = fixture.host();
    const { record, cluster } = host.createCluster({ workers: 1 });
    cluster.context.client.create(configMap('gone'));
    host.sleep(record.id);
    host.deleteCluster(record.id);
    expect(host.awakeCount()).toBe(0);
    expect(fixture.file.clusterIds()).not.toContain(record.id);
    expect(fixture.file.forCluster(record.id).load().objects).toEqual([]);
  });

  it('saves every awake clock at a clean stop, so the next start resumes where it stopped', () => {
    fixture = new Fixture();
    const first = fixture.host();
    const { record, cluster } = first.createCluster({ workers: 1 });
    fixture.wall += 5 * MIN;
    const stoppedAt = cluster.clock.now();
    first.close();
    fixture.wall += 3 * DAY;
    const second = fixture.host();
    expect(second.wake(record.id).cluster.clock.now()).toBe(stoppedAt);
    expect(second.takePausedSeconds(record.id)).toBe((3 * DAY) / 1000);
  });

  it('saves awake clocks at every idle check, so a crash sets a clock back to the last check at most', () => {
    fixture = new Fixture();
    const crashed = fixture.host();
    const { record, cluster } = crashed.createCluster({ workers: 1 });
    fixture.wall += 5 * MIN;
    expect(crashed.sleepIdle()).toEqual([]);
    const atCheck = cluster.clock.now();
    fixture.wall += 30_000;
    // No close: the process died. The next start resumes from the check, not from "now".
    const next = fixture.host();
    fixture.wall += DAY;
    expect(next.wake(record.id).cluster.clock.now()).toBe(atCheck);
  });

  it('sets a damaged records file aside, says so, and rebuilds the records from the store file', () => {
    fixture = new Fixture();
    const first = fixture.host();
    const { record, cluster } = first.createCluster({ workers: 1 });
    cluster.context.client.create(configMap('survivor'));
    first.close();
    const recordsFile = path.join(fixture.dir, RECORDS_FILE);
    fs.writeFileSync(recordsFile, fs.readFileSync(recordsFile, 'utf8').slice(0, 40));

    const host = fixture.host();
    const aside = fs.readdirSync(fixture.dir).filter((f) => f.startsWith(`${RECORDS_FILE}.damaged-`));
    expect(aside).toHaveLength(1);
    expect(fixture.logs[0]).toContain(recordsFile);
    expect(fixture.logs[0]).toMatch(/could not be read \(.*JSON/);
    expect(fixture.logs.some((l) => /1 clusters recovered/.test(l))).toBe(true);
    const recovered = host.listClusters();
    expect(recovered.map((r) => r.id)).toEqual([record.id]);
    expect(recovered[0].token).not.toBe(record.token);
    expect(host.wake(record.id).cluster.context.client.get(GR.configmaps, 'default', 'survivor')).toBeDefined();
    expect(readClusterRecords(recordsFile).records.map((r) => r.id)).toEqual([record.id]);
  });
});
