/**
 * Exercise 5.3's objects as the benches apply them: the Jobs of
 * content/module-05/resources/workload-types/job-patterns.yaml and a 3-replica nginx
 * StatefulSet, each in the default namespace (wake.ts, wake-burst.ts, class-seed.ts, cluster-start.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parseManifests } from '../../../lib/k8s/manifests/parse';
import { productComponents } from '../../../lib/k8s/sandbox/components';
import { RECORDS_FILE, SandboxHost } from '../../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../../lib/k8s/sandbox/parts';
import { writeClusterRecords, type ClusterRecord } from '../../../lib/k8s/sandbox/records-file';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from '../../../lib/k8s/sandbox/store/sqlite-persistence';
import type { KubeObject } from '../../../lib/k8s/sandbox/types';

export function exercise53Objects(): KubeObject[] {
  const file = path.join(process.cwd(), 'content/module-05/resources/workload-types/job-patterns.yaml');
  const jobs = parseManifests(fs.readFileSync(file, 'utf8')).map((d) => d.object as KubeObject).filter((o) => o?.kind === 'Job');
  const sts: KubeObject = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: { serviceName: 'web', replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  };
  return [...jobs, sts].map((o) => ({ ...structuredClone(o), metadata: { ...structuredClone(o.metadata), namespace: 'default' } }));
}

/**
 * A data directory keeping 1 + extra sleeping clusters running Exercise 5.3 two virtual minutes
 * on: one run for real, the others copies of its store rows and record (clock included), each
 * record made by newRecord from the model's (wake-burst.ts, class-seed.ts).
 */
export async function storeExercise53Clusters(
  dir: string,
  extra: number,
  newRecord: (model: ClusterRecord, i: number) => ClusterRecord,
): Promise<{ records: ClusterRecord[]; objectsEach: number }> {
  const file = new SqliteStoreFile(dir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS });
  const host = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file }), components: productComponents });
  const { cluster } = host.createCluster();
  for (const o of exercise53Objects()) cluster.context.client.create(structuredClone(o));
  await cluster.advance(120);
  host.close();
  file.close();
  const model = (JSON.parse(fs.readFileSync(path.join(dir, RECORDS_FILE), 'utf8')) as ClusterRecord[])[0];
  const db = new Database(path.join(dir, 'sandbox-store.db'));
  const copy = db.prepare('INSERT INTO objects (cluster, key, grp, resource, body) SELECT ?, key, grp, resource, body FROM objects WHERE cluster = ?');
  const copyRv = db.prepare('INSERT INTO clusters (cluster, rv) SELECT ?, rv FROM clusters WHERE cluster = ?');
  const records: ClusterRecord[] = [model];
  db.transaction(() => {
    for (let i = 1; i <= extra; i++) {
      const record = newRecord(model, i);
      copy.run(record.id, model.id);
      copyRv.run(record.id, model.id);
      records.push(record);
    }
  })();
  const objectsEach = (db.prepare('SELECT count(*) AS n FROM objects WHERE cluster = ?').get(model.id) as { n: number }).n;
  db.close();
  writeClusterRecords(path.join(dir, RECORDS_FILE), records);
  return { records, objectsEach };
}
