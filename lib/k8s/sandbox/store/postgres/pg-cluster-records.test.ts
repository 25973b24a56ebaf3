import { afterEach, describe, expect, it } from 'vitest';
import { freshSchema, testPostgres, withClient } from '../../../../testing/postgres';
import { SandboxHost, UnknownClusterError } from '../../host';
import { sandboxParts } from '../../parts';
import { ClusterOnAnotherShardError, PgStoreFile } from './pg-store-file';
import { handOverWantedClusters } from '../product-store';
import { configMap, configMapNames as names, requestThroughHost as get } from './shards-testing';

const pg = testPostgres();
const MIN = 60_000;
const TTL = 30_000;

/** Shards sharing one PostgreSQL schema for objects, leases and records, on one injected wall clock; none has a data directory. */
class Shards {
  wall = Date.UTC(2026, 0, 5, 9, 0, 0);
  readonly files = new Map<string, PgStoreFile>();
  readonly hosts = new Map<string, SandboxHost>();
  private readonly killed: PgStoreFile[] = [];
  constructor(private readonly url: string, readonly schema: string) {}
  start(shard: string): SandboxHost {
    const file = new PgStoreFile({ url: this.url, schema: this.schema, commitEveryMs: 100, shard, now: () => this.wall, leaseTtlMs: TTL, renewEveryMs: 0 });
    const host = new SandboxHost({ now: () => this.wall, idleMs: 20 * MIN, idleCheckEveryMs: 0, records: file.clusterRecords(), parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file, wallNow: () => this.wall }) });
    handOverWantedClusters(file, host);
    this.files.set(shard, file);
    this.hosts.set(shard, host);
    return host;
  }
  /** As SIGKILL: nothing is put to sleep, no lease released; the connection just goes. */
  kill(shard: string): void {
    this.hosts.delete(shard);
    this.killed.push(this.files.get(shard)!);
    this.files.delete(shard);
  }
  close(): void {
    for (const h of this.hosts.values()) h.close();
    for (const f of [...this.files.values(), ...this.killed]) f.close();
  }
}

describe.skipIf(!pg.url)('cluster records in PostgreSQL (shards without a records file)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  const shards = async () => {
    const s = await freshSchema(pg.url!);
    const t = new Shards(pg.url!, s.schema);
    cleanups.push(() => s.drop());
    cleanups.unshift(() => t.close());
    return t;
  };

  it("wakes a killed shard's cluster on another shard with the same id and token: by id, by the token in the path, and by the bearer token alone at the root paths", async () => {
    const t = await shards();
    const a = t.start('shard-a');
    const b = t.start('shard-b');
    const c = t.start('shard-c');
    const { record, cluster } = a.createCluster({ workers: 1 });
    cluster.context.client.create(configMap('before-kill'));
    t.files.get('shard-a')!.flush();
    // Shard b learns of the cluster from the database alone.
    expect(b.has(record.id)).toBe(true);
    expect(b.has('k000000' + 'f'.repeat(26))).toBe(false);

    t.kill('shard-a');
    t.wall += TTL + 1;
    const path = `/k8s/${record.id}/token-${record.token}/api/v1/namespaces/default/configmaps/before-kill`;
    const byPath = await get(b, path);
    expect(byPath.status, byPath.body).toBe(200);
    expect(b.wake(record.id).record).toMatchObject({ id: record.id, token: record.token });
    expect(names(b, record.id)).toEqual(['before-kill']);
    // A wrong token is refused as anywhere, without waking anything.
    expect((await get(c, `/k8s/${record.id}/token-wrong/api/v1/namespaces/default/configmaps`)).status).toBe(401);
    expect(c.isAwake(record.id)).toBe(false);

    // Its kubeconfig over https names no cluster: the bearer token alone finds the record.
    b.wake(record.id).cluster.context.client.create(configMap('on-b'));
    expect(b.sleep(record.id)).toBe(true);
    const byToken = await get(c, '/api/v1/namespaces/default/configmaps', { authorization: `Bearer ${record.token}` });
    expect(byToken.status, byToken.body).toBe(200);
    expect((JSON.parse(byToken.body) as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name)).toEqual(expect.arrayContaining(['before-kill', 'on-b']));
  });

  it('resumes the clock another shard saved last, not the one a shard read before', async () => {
    const t = await shards();
    const a = t.start('shard-a');
    const b = t.start('shard-b');
    const { record } = a.createCluster({ workers: 1 });
    expect(a.sleep(record.id)).toBe(true);
    const firstClock = a.listClusters()[0].clock!;
    b.wake(record.id);
    t.wall += 10 * MIN;
    b.wake(record.id).cluster.clock.advance?.(5 * MIN);
    expect(b.sleep(record.id)).toBe(true);
    const later = b.listClusters().find((r) => r.id === record.id)!.clock!;
    expect(later.now).toBeGreaterThan(firstClock.now);
    // Shard a kept its old copy of the record; waking reads the database's.
    expect(a.wake(record.id).record.clock).toEqual(later);
    t.wall += MIN;
    expect(a.sleep(record.id)).toBe(true);
    const aClock = a.listClusters().find((r) => r.id === record.id)!.clock!;
    expect(aClock.savedAt > later.savedAt).toBe(true);
    // Shard b's copy is older now; b saving its records (a new cluster) writes nothing over a's.
    b.createCluster({ workers: 1 });
    const stored = await withClient(pg.url!, (cl) => cl.query<{ body: string }>('SELECT body FROM sandbox_cluster_records WHERE cluster = $1', [record.id]), t.schema);
    expect(JSON.parse(stored.rows[0].body).clock).toEqual(aClock);
  });

  it('forgets a cluster another shard deleted: its old id and token reach nothing', async () => {
    const t = await shards();
    const a = t.start('shard-a');
    const b = t.start('shard-b');
    const { record } = a.createCluster({ workers: 1 });
    expect(a.sleep(record.id)).toBe(true);
    expect(b.has(record.id)).toBe(true);
    a.deleteCluster(record.id);
    expect(() => b.wake(record.id)).toThrow(UnknownClusterError);
    expect(b.has(record.id)).toBe(false);
    expect((await get(b, `/k8s/${record.id}/token-${record.token}/api/v1/namespaces`)).status).toBe(401);
  });

  it('hands a cluster over to the shard its learner now reaches (a shard was added): asleep here at the next renewal, awake there with every object', async () => {
    const t = await shards();
    const a = t.start('shard-a');
    const { record, cluster } = a.createCluster({ workers: 1 });
    cluster.context.client.create(configMap('on-a'));
    const d = t.start('shard-d');
    expect(() => d.wake(record.id)).toThrow(ClusterOnAnotherShardError);
    // A renewal of every other cluster of shard a goes on as before; this one is handed over.
    t.wall += 1_000;
    t.files.get('shard-a')!.renewLeases();
    expect(a.isAwake(record.id)).toBe(false);
    expect(names(d, record.id)).toEqual(['on-a']);
    expect(t.files.get('shard-d')!.leaseOf(record.id)?.shard).toBe('shard-d');
  });

  it('keeps a held cluster asked for by another shard until its lease runs out unrenewed, then the other shard takes it', async () => {
    const t = await shards();
    const a = t.start('shard-a');
    const { record } = a.createCluster({ workers: 1 });
    const release = a.hold(record.id);
    const d = t.start('shard-d');
    expect(() => d.wake(record.id)).toThrow(ClusterOnAnotherShardError);
    t.wall += 1_000;
    t.files.get('shard-a')!.renewLeases();
    expect(a.isAwake(record.id)).toBe(true);
    t.wall += TTL - 1_000;
    expect(() => d.wake(record.id)).not.toThrow();
    release();
  });
});
