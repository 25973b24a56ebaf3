/**
 * The store computes the in-process writers' managedFields when an object is first read, not
 * at each write (store/deferred-managed-fields.ts). What a reader sees must not depend on it:
 * the same cluster run twice, once computing them at every write, must show the same objects
 * byte for byte, whenever and however often they are read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../manifests/parse';
import { GR } from '../controllers/framework/client';
import { ALL_KINDS } from '../registry';
import type { KubeObject } from '../types';
import { SqliteStoreFile } from '../store/sqlite-persistence';
import { simCluster } from '../testing/sim-cluster';
import { productSim } from './product-cluster';

const RESOURCES = path.join(process.cwd(), 'content', 'module-05', 'resources');
const MANIFESTS = [
  'workload-types/statefulset-patterns.yaml',
  'workload-types/daemonset-examples.yaml',
  'workload-types/job-patterns.yaml',
  'workload-types/cronjob-examples.yaml',
  'container-patterns/sidecar-patterns.yaml',
  'scheduling-workloads/taints-tolerations.yaml',
];

type Sim = ReturnType<typeof productSim>;

function applyAll(sim: Sim): void {
  for (const rel of MANIFESTS) {
    for (const doc of parseManifests(fs.readFileSync(path.join(RESOURCES, rel), 'utf8'))) {
      const obj = doc.object as KubeObject | undefined;
      if (!obj) continue;
      const ns = obj.metadata?.namespace;
      if (ns && !sim.get(GR.namespaces, undefined, ns)) sim.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      try {
        sim.apply(obj);
      } catch {
        // The same manifests fail the same way in both clusters; the comparison covers it.
      }
    }
  }
}

/**
 * Every object of every kind, as get/list give them out (managedFields finished). An Event's
 * name ends in a process-wide sequence number, which the two clusters share: it is cut off,
 * and the Events sorted by what remains.
 */
function everything(sim: Sim): KubeObject[] {
  return ALL_KINDS.flatMap((d) => {
    const items = sim.client.list({ group: d.group, resource: d.plural });
    if (d.kind !== 'Event') return items;
    return items
      .map((e) => ({ ...e, metadata: { ...e.metadata, name: e.metadata.name!.replace(/\.[0-9a-f]{16}$/, '') } }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  });
}

/** A learner's edit over the API, under another field manager, between the loops' writes. */
function edit(sim: Sim): void {
  const ds = sim.client.list(GR.daemonsets)[0];
  if (!ds) throw new Error('the manifests define no DaemonSet');
  const labels = { ...(ds.metadata.labels ?? {}), edited: 'yes' };
  sim.cluster.context.clientAs('kubectl-edit').update({ ...ds, metadata: { ...ds.metadata, labels } });
}

describe('managedFields computed when first read', () => {
  it('show every object exactly as computing them at each write does, however often it is read', async () => {
    const eager = productSim({ eagerManagedFields: true });
    const lazy = productSim();
    try {
      applyAll(eager);
      applyAll(lazy);
      // Read the lazy cluster at other moments than the eager one: finishing early or late
      // must not change what later versions carry.
      for (const step of [7_000, 23_000, 61_000, 90_000]) {
        await eager.run(step);
        await lazy.run(step);
        if (step === 23_000) everything(lazy);
        if (step === 61_000) {
          edit(eager);
          edit(lazy);
        }
      }
      const want = everything(eager);
      const got = everything(lazy);
      expect(got.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual(want.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`));
      expect(got).toEqual(want);
      // Not vacuous: the loops' objects carry their writers' managedFields.
      const pods = got.filter((o) => o.kind === 'Pod');
      expect(pods.length).toBeGreaterThan(5);
      for (const p of pods) expect(p.metadata.managedFields?.map((e) => e.manager)).toContain('kube-controller-manager');
      expect(pods.some((p) => p.metadata.managedFields?.some((e) => e.manager === 'kubelet' && e.subresource === 'status'))).toBe(true);
      const ds = got.find((o) => o.kind === 'DaemonSet')!;
      expect(ds.metadata.managedFields?.map((e) => e.manager)).toContain('kubectl-edit');
    } finally {
      eager.close();
      lazy.close();
    }
  }, 60_000);
});

describe('managedFields computed when first read, on a persisted cluster', () => {
  it('reads back after a clean restart exactly what was there before it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-deferred-'));
    try {
      let file = new SqliteStoreFile(dir);
      const first = productSim({ persistence: file.forCluster('c') });
      applyAll(first);
      await first.run(23_000);
      const before = everything(first);
      first.close();
      file.close();

      file = new SqliteStoreFile(dir);
      const again = simCluster({ components: () => [], persistence: file.forCluster('c') });
      try {
        expect(everything(again as unknown as Sim)).toEqual(before);
        const pods = before.filter((o) => o.kind === 'Pod');
        expect(pods.length).toBeGreaterThan(5);
        for (const p of pods) expect(p.metadata.managedFields?.length).toBeGreaterThan(0);
      } finally {
        again.close();
        file.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
