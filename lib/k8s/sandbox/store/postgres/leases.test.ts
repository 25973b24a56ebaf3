import { afterEach, describe, expect, it } from 'vitest';
import { freshSchema, testPostgres } from '../../../../testing/postgres';
import { SandboxHost } from '../../host';
import { sandboxParts } from '../../parts';
import { withCapacityErrors } from '../../../../lab/class-full';
import { ClusterLeaseLostError, ClusterOnAnotherShardError, PgStoreFile } from './pg-store-file';
import { configMap, configMapNames as names, requestThroughHost as request } from './shards-testing';

const pg = testPostgres();
const MIN = 60_000;
const TTL = 30_000;

/** Two shards (a store file and a host each) sharing one PostgreSQL schema, on one injected wall clock. */
class TwoShards {
  wall = Date.UTC(2026, 0, 5, 9, 0, 0);
  readonly files: Record<'a' | 'b', PgStoreFile>;
  readonly hosts: Record<'a' | 'b', SandboxHost>;
  constructor(url: string, readonly schema: string) {
    const file = (shard: string) => new PgStoreFile({ url, schema, commitEveryMs: 100, shard, now: () => this.wall, leaseTtlMs: TTL, renewEveryMs: 0 });
    this.files = { a: file('shard-a'), b: file('shard-b') };
    const host = (f: PgStoreFile) => new SandboxHost({ now: () => this.wall, idleMs: 20 * MIN, idleCheckEveryMs: 0, parts: (r) => sandboxParts({ clusterId: r.id, storeFile: f, wallNow: () => this.wall }) });
    this.hosts = { a: host(this.files.a), b: host(this.files.b) };
  }
  close(): void {
    for (const k of ['a', 'b'] as const) {
      this.hosts[k].close();
      this.files[k].close();
    }
  }
}

describe.skipIf(!pg.url)('PostgreSQL store: one shard runs a cluster at a time (leases)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  const shards = async () => {
    const s = await freshSchema(pg.url!);
    const two = new TwoShards(pg.url!, s.schema);
    cleanups.push(() => s.drop());
    cleanups.unshift(() => two.close());
    return two;
  };

  it('refuses a wake on a second shard while the first runs the cluster, and wakes it there with every object once the first puts it to sleep', async () => {
    const t = await shards();
    const { record, cluster } = t.hosts.a.createCluster({ workers: 1 });
    for (const n of ['one', 'two', 'three']) cluster.context.client.create(configMap(n));
    t.hosts.b.adopt(record);

    let refused: unknown;
    try {
      t.hosts.b.wake(record.id);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ClusterOnAnotherShardError);
    expect(refused).toMatchObject({ code: 503, shard: 'shard-a', clusterId: record.id, details: { retryAfterSeconds: 5 } });
    expect((refused as Error).message).toMatch(/^Your cluster is running on another Kubelab shard \(shard-a\)\. Try again in a few seconds/);
    expect(t.hosts.b.isAwake(record.id)).toBe(false);
    // The lab routes answer it as a 503 with Retry-After and the same sentence.
    expect(() => withCapacityErrors(() => t.hosts.b.wake(record.id))).toThrow(expect.objectContaining({ name: 'OnAnotherShardLabError', status: 503, code: 'OnAnotherShard', retryAfterSeconds: 5 }));
    expect(t.files.a.leaseOf(record.id)).toEqual({ shard: 'shard-a', expiresAtMs: t.wall + TTL });
    // kubectl reaching the wrong shard reads a Status 503 with Retry-After.
    const answer = await request(t.hosts.b, `/k8s/${record.id}/token-${record.token}/api/v1/namespaces/default/configmaps`);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
    expect(JSON.parse(answer.body)).toMatchObject({ kind: 'Status', code: 503, reason: 'ServiceUnavailable', message: expect.stringContaining('another Kubelab shard (shard-a)') });

    expect(t.hosts.a.sleep(record.id)).toBe(true);
    expect(t.files.a.leaseOf(record.id)).toBeUndefined();
    expect(names(t.hosts.b, record.id)).toEqual(['one', 'three', 'two']);
    expect(t.files.b.leaseOf(record.id)?.shard).toBe('shard-b');
    // And now the first shard is the one refused.
    expect(() => t.hosts.a.wake(record.id)).toThrow(ClusterOnAnotherShardError);
  });

  it('hands a killed shard\'s cluster to another once its lease runs out, and never lets the old owner overwrite it', async () => {
    const t = await shards();
    const { record, cluster } = t.hosts.a.createCluster({ workers: 1 });
    cluster.context.client.create(configMap('before-kill'));
    t.files.a.flush();
    t.hosts.b.adopt(record);

    // Renewed while awake: still refused past the first lease's end.
    t.wall += TTL - 1_000;
    t.files.a.renewLeases();
    t.wall += 2_000;
    expect(() => t.hosts.b.wake(record.id)).toThrow(ClusterOnAnotherShardError);

    // Shard a is killed: nothing renews. One lease later, b takes the cluster over with its objects.
    t.wall += TTL;
    expect(names(t.hosts.b, record.id)).toEqual(['before-kill']);
    expect(t.files.b.leaseOf(record.id)?.shard).toBe('shard-b');
    t.hosts.b.wake(record.id).cluster.context.client.create(configMap('on-b'));
    t.files.b.flush();

    // Shard a was only stalled: its late write is not committed over b's rows, and the sync that
    // would confirm it (the API server's, before it answers) fails, as do later ones.
    cluster.context.client.create(configMap('late-on-a'));
    expect(() => cluster.sync()).toThrow(ClusterLeaseLostError);
    cluster.context.client.create(configMap('later-on-a'));
    await expect(cluster.store.syncSoon!()).rejects.toBeInstanceOf(ClusterLeaseLostError);
    expect(() => t.files.a.renewLeases()).not.toThrow();
    expect(t.files.b.leaseOf(record.id)?.shard).toBe('shard-b');
    expect(t.hosts.a.sleep(record.id)).toBe(true);
    expect(t.files.b.leaseOf(record.id)?.shard).toBe('shard-b');
    expect(t.hosts.b.sleep(record.id)).toBe(true);
    expect(names(t.hosts.a, record.id)).toEqual(['before-kill', 'on-b']);
  });
});
