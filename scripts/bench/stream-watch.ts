/**
 * The CPU cost of one pod write as the lab bench's stream sees it: a watch of the namespace's
 * pods through client-node over the in-process dispatcher (as the stream route reaches a
 * cluster), the API server's watch encoding each event, client-node parsing it. Compares a
 * watch that asks the sandbox to omit managedFields (what ClusterStream sends) with one that
 * does not (what it sent before), in the same process, alternating, so a busy machine slows
 * both alike. Each event's managedFields are deferred by the store (the in-process writers'),
 * so a watch that wants them makes the store compute them for every version it sends.
 *
 * One cluster on the product parts; PODS pods (default 20) bound to a node no kubelet runs,
 * so nothing but these writes happens; WATCHERS watches (default 1, the learner's bench);
 * WRITES status writes (default 2,000) as the kubelet's field manager; ROUNDS (default 5)
 * alternations. Prints CPU µs per write for each mode, and bytes on the wire per event.
 *
 * Usage: npx tsx scripts/bench/stream-watch.ts    Env: PODS, WATCHERS, WRITES, ROUNDS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { InProcessDispatcher } from '../../lib/k8s/client/in-process';
import { clientKubeConfig } from '../../lib/k8s/client/kubeconfig';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { GR } from '../../lib/k8s/sandbox/controllers/framework/client';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { OMIT_MANAGED_FIELDS_PARAM } from '../../lib/k8s/sandbox/pure';
import type { KubeObject } from '../../lib/k8s/sandbox/types';
import { median, cpuUs } from './support/stats.mjs';

const PODS = Number(process.env.PODS ?? 20);
const WATCHERS = Number(process.env.WATCHERS ?? 1);
const WRITES = Number(process.env.WRITES ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);


async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-stream-watch-'));
  const host = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id }), components: productComponents, maxClusters: 2, maxActive: 2 });
  const dispatcher = new InProcessDispatcher((req, res) => host.handleRequest(req, res));
  const { record } = host.createCluster({ workers: 1 });
  const kc = clientKubeConfig({ server: host.serverURL('http://127.0.0.1:3000', record.id), token: record.token }, 'kubelab', { dispatcher });
  const client = host.getCluster(record.id)!.cluster.context.client;
  const kubelet = (client as unknown as { as?(m: string): typeof client }).as?.('kubelet') ?? client;
  for (let i = 0; i < PODS; i++) {
    client.create({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default', labels: { app: 'bench' } },
      spec: { nodeName: 'no-kubelet-here', containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
    } as KubeObject);
  }
  await new Promise((r) => setTimeout(r, 500));

  let written = 0;
  /** Opens the watches, writes WRITES statuses, waits for every event; CPU µs per write and bytes per event. */
  async function round(omit: boolean): Promise<{ us: number; bytesPerEvent: number }> {
    let received = 0;
    let bytes = 0;
    let done: () => void = () => undefined;
    const all = new Promise<void>((r) => (done = r));
    const rv = client.peekList(GR.pods, { namespace: 'default' }).reduce((m, p) => Math.max(m, Number(p.metadata.resourceVersion)), 0);
    const aborts: AbortController[] = [];
    for (let w = 0; w < WATCHERS; w++) {
      const params: Record<string, string> = { resourceVersion: String(rv) };
      if (omit) params[OMIT_MANAGED_FIELDS_PARAM] = 'true';
      aborts.push(await new k8s.Watch(kc).watch('/api/v1/namespaces/default/pods', params, (phase, obj: KubeObject) => {
        if (phase !== 'MODIFIED') return;
        bytes += JSON.stringify(obj).length;
        if (++received === WRITES * WATCHERS) done();
      }, () => undefined));
    }
    const start = cpuUs();
    for (let i = 0; i < WRITES; i++) {
      const pod = client.get(GR.pods, 'default', `p-${i % PODS}`)!;
      written++;
      kubelet.updateStatus({ ...pod, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: new Date(written * 1000).toISOString() }], message: `write ${written}` } });
      if (i % 50 === 49) await new Promise((r) => setImmediate(r));
    }
    await all;
    const us = (cpuUs() - start) / WRITES;
    for (const a of aborts) a.abort();
    return { us, bytesPerEvent: bytes / received };
  }

  const results: Record<'with' | 'without', number[]> = { with: [], without: [] };
  let wire: Record<'with' | 'without', number> = { with: 0, without: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    for (const omit of r % 2 ? [true, false] : [false, true]) {
      const x = await round(omit);
      results[omit ? 'without' : 'with'].push(x.us);
      wire = { ...wire, [omit ? 'without' : 'with']: x.bytesPerEvent };
    }
  }
  const f = (xs: number[]) => `median ${median(xs).toFixed(0)} µs (${xs.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(`${PODS} pods, ${WATCHERS} watch(es), ${WRITES} status writes a round, ${ROUNDS} rounds; CPU per write, watch encoding and client-node's parse included:`);
  console.log(`  watch with managedFields:    ${f(results.with)}; ${wire.with.toFixed(0)} bytes an event as parsed`);
  console.log(`  watch without managedFields: ${f(results.without)}; ${wire.without.toFixed(0)} bytes an event as parsed`);
  host.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
