/**
 * Every manifest of the module's resource library, applied to a fresh product cluster and
 * run for a few virtual minutes, reaches a state a learner would call working: nothing fails
 * to apply and no pod is stuck in an error state. Scenarios that fail on purpose name why.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../manifests/parse';
import { GR } from '../controllers/framework/client';
import { printPod } from '../registry/kinds/pod-printer';
import type { KubeObject } from '../types';
import { productSim } from './product-cluster';

const ROOT = path.join(process.cwd(), 'content', 'module-05', 'resources');
const BAD = /Error|CrashLoopBackOff|ErrImagePull|ImagePullBackOff|CreateContainerConfigError|ContainerCannotRun|InvalidImageName|OOMKilled/;

/** Pods that fail by design (a lesson shows the failure), by name prefix. */
const EXPECTED_FAILURES: Record<string, string> = {};

/** What a learner would look at: each failing container's last termination and log tail. */
function diagnose(sim: ReturnType<typeof productSim>, pod: KubeObject): string[] {
  type Cs = { name: string; state?: { waiting?: { reason?: string; message?: string } }; lastState?: { terminated?: { exitCode: number; reason?: string; message?: string } } };
  const st = (pod.status ?? {}) as { containerStatuses?: Cs[]; initContainerStatuses?: Cs[] };
  return [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])].flatMap((c) => {
    const t = c.lastState?.terminated;
    const w = c.state?.waiting;
    if (!t && !w?.message) return [];
    const logs = sim.cluster.logs.read({ namespace: pod.metadata.namespace!, pod: pod.metadata.name!, container: c.name, previous: true }).slice(-4).map((l) => l.text);
    return [`${c.name}: ${t ? `exit ${t.exitCode} ${t.reason ?? ''} ${t.message ?? ''}` : `${w?.reason}: ${w?.message}`} | ${logs.join(' / ')}`];
  });
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : /\.ya?ml$/.test(d.name) ? [p] : [];
  });
}

describe('the resource library on a sandbox cluster', () => {
  it.each(files(ROOT).map((f) => [path.relative(ROOT, f), f]))('%s applies and runs without stuck pods', async (_rel, file) => {
    const sim = productSim();
    const docs = parseManifests(fs.readFileSync(file, 'utf8')).map((d) => d.object as KubeObject).filter(Boolean);
    const applyErrors: string[] = [];
    for (const obj of docs) {
      const ns = obj.metadata?.namespace;
      if (ns && !sim.get(GR.namespaces, undefined, ns)) sim.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      try {
        sim.apply(obj);
      } catch (e) {
        applyErrors.push(`${obj.kind}/${obj.metadata?.name}: ${(e as Error).message}`);
      }
    }
    expect(applyErrors).toEqual([]);
    await sim.run(3 * 60_000);
    const now = sim.clock.now();
    const stuck = sim.list(GR.pods)
      .map((p) => ({ pod: p, name: p.metadata.name!, status: String(printPod(p, { now }).cells[2]) }))
      .filter((p) => BAD.test(p.status) && !Object.keys(EXPECTED_FAILURES).some((prefix) => p.name.startsWith(prefix)))
      .map(({ pod, name, status }) => ({ name, status, why: diagnose(sim, pod) }));
    expect(stuck).toEqual([]);
    sim.close();
  });
});
