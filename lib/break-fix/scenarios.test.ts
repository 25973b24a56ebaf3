/**
 * Each scenario against a whole sandbox cluster on a virtual clock: the broken objects are
 * created, the goal check fails for the reason the hints lead to, the scenario's own fix is
 * applied (with its before/after commands), and the same check passes.
 */
import { describe, expect, it } from 'vitest';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { productSim } from '../k8s/sandbox/scenarios/product-cluster';
import type { GroupResource, KubeObject } from '../k8s/sandbox/types';
import { objectsOf, type Sim } from '../exercises/testing';
import { checkGoal } from './check';
import { findScenario, type BreakFixScenario } from './definitions';

const KINDS: Record<string, GroupResource> = {
  DaemonSet: GR.daemonsets,
  StatefulSet: GR.statefulsets,
  Deployment: GR.deployments,
  Service: GR.services,
  Pod: GR.pods,
  Job: GR.jobs,
  CronJob: GR.cronjobs,
};

function load(sim: Sim, def: BreakFixScenario): void {
  for (const o of objectsOf(def.broken)) sim.apply(o);
}

type Json = Record<string, unknown>;

/** Maps merge key by key, everything else (lists included) is replaced: enough for these fixes. */
function merge(base: unknown, over: unknown): unknown {
  if (!base || !over || typeof base !== 'object' || typeof over !== 'object' || Array.isArray(base) || Array.isArray(over)) return over;
  const out: Json = { ...(base as Json) };
  for (const [k, v] of Object.entries(over as Json)) out[k] = merge(out[k], v);
  return out;
}

/**
 * Writes the scenario's fix over the live objects, as the bench's Apply does. A pod accepts only
 * added tolerations, so for pods only those are taken (server-side apply leaves the rest alone).
 */
function applyFix(sim: Sim, def: BreakFixScenario): void {
  for (const o of objectsOf(def.fix)) {
    const existing = sim.get(KINDS[o.kind], 'default', o.metadata.name!);
    if (!existing) {
      sim.apply(o);
      continue;
    }
    const change = o.kind === 'Pod' ? { tolerations: (o.spec as Json).tolerations } : o.spec;
    sim.client.update({ ...existing, spec: merge(existing.spec, change) } as KubeObject);
  }
}

async function goal(sim: Sim, def: BreakFixScenario) {
  return checkGoal(sim.cluster, def, { drive: () => sim.run(1000) });
}

describe('break-and-fix scenarios in a sandbox cluster', () => {
  it('node-agent: the DaemonSet skips the control plane until its template tolerates the taint', async () => {
    const def = findScenario('daemonset-control-plane');
    const sim = productSim();
    load(sim, def);
    await sim.run(60_000);
    const broken = await goal(sim, def);
    expect(broken.passed).toBe(false);
    expect(broken.saw).toMatch(/control-plane/);
    expect(broken).toMatchObject({ field: 'spec.template.spec.tolerations', object: { kind: 'DaemonSet', name: 'node-agent' } });
    applyFix(sim, def);
    // The template change rolls every pod (maxUnavailable 1), then the control plane gets its own.
    await sim.run(180_000);
    expect(await goal(sim, def)).toMatchObject({ passed: true, saw: expect.stringContaining('each of the 4 nodes') });
    sim.close();
  });

  it('ledger: a crash-looping ledger-1 holds ledger-2 back; after the template fix it is replaced by hand and all three become Ready', async () => {
    const def = findScenario('statefulset-stuck-ordinal');
    const sim = productSim();
    load(sim, def);
    await sim.run(120_000);
    const broken = await goal(sim, def);
    expect(broken.saw).toMatch(/^ledger-1 is not Ready \((CrashLoopBackOff|Error|Running), \d+ restarts?\), so ledger-2 waits behind it$/);
    expect(sim.get(GR.pods, 'default', 'ledger-2')).toBeUndefined();
    expect(sim.cluster.logs.read({ namespace: 'default', pod: 'ledger-1', container: 'ledger' }).map((l) => l.text).join('\n')).toContain('LEDGER_PRIMARY is not set');
    applyFix(sim, def);
    await sim.run(30_000);
    // The rolling update waits for ledger-1 to become Ready, which its old template never will.
    expect((await goal(sim, def)).saw).toMatch(/^ledger-1 is not Ready/);
    sim.client.delete(GR.pods, 'default', 'ledger-1');
    await sim.run(120_000);
    expect(await goal(sim, def)).toEqual({ passed: true, saw: 'ledger-0, ledger-1 and ledger-2 are Running and Ready' });
    sim.close();
  });

  it('etcd-snapshot: Pending on the control plane\'s taint with the scheduler\'s reason, Running there once it tolerates it', async () => {
    const def = findScenario('pending-untolerated-taint');
    const sim = productSim();
    load(sim, def);
    await sim.run(30_000);
    const broken = await goal(sim, def);
    expect(broken).toMatchObject({ passed: false, field: 'spec.tolerations', object: { kind: 'Pod', name: 'etcd-snapshot' } });
    expect(broken.saw).toMatch(/^etcd-snapshot is Pending with no node: 0\/4 nodes are available: .*untolerated taint.*control-plane/);
    applyFix(sim, def);
    await sim.run(30_000);
    expect(await goal(sim, def)).toEqual({ passed: true, saw: 'etcd-snapshot is Running on control-plane' });
    sim.close();
  });

  it('sales-report: under Forbid an 80 s run every minute makes the next start late; on a two-minute schedule three runs in a row pass', async () => {
    const def = findScenario('cronjob-skipped-runs');
    const sim = productSim();
    load(sim, def);
    await sim.run(6 * 60_000);
    const broken = await goal(sim, def);
    expect(broken).toMatchObject({ passed: false, field: 'spec.schedule' });
    expect(broken.saw).toMatch(/^sales-report-\d+, due at 00:0\d UTC, started \d+ s late: the previous run was still active, and Forbid held it back/);
    expect(sim.events(sim.get(GR.cronjobs, 'default', 'sales-report')).map((e) => e.reason)).toContain('JobAlreadyActive');
    applyFix(sim, def);
    await sim.run(8 * 60_000);
    const fixed = await goal(sim, def);
    expect(fixed.saw).toMatch(/each started on schedule and finished before the next$/);
    expect(fixed.passed).toBe(true);
    sim.close();
  });

  it('index-rebuild: exit 75 fails the Job at once under backoffLimit 0; re-created with an Ignore rule it completes', async () => {
    const def = findScenario('job-exit-code-policy');
    const sim = productSim();
    load(sim, def);
    await sim.run(60_000);
    const broken = await goal(sim, def);
    expect(broken).toMatchObject({ passed: false, field: 'spec.podFailurePolicy', object: { kind: 'Job', name: 'index-rebuild' } });
    const failed = sim.get(GR.jobs, 'default', 'index-rebuild')!;
    expect((failed.status as { conditions?: { type: string; reason?: string }[] }).conditions?.find((c) => c.type === 'Failed')?.reason).toBe('BackoffLimitExceeded');
    // beforeFix: a Job's template cannot change, so it is deleted and created again.
    sim.client.delete(GR.jobs, 'default', 'index-rebuild', { propagationPolicy: 'Background' } as never);
    await sim.run(5_000);
    for (const o of objectsOf(def.fix)) sim.apply(o);
    await sim.run(120_000);
    const fixed = await goal(sim, def);
    expect(fixed.saw).toMatch(/^index-rebuild completed; \d attempts? that exited 75 did not count against backoffLimit 0$/);
    expect(fixed.passed).toBe(true);
    sim.close();
  });

  it('shop-web: the init container waits on a Service that selects no pod, and goes on once the selector matches', async () => {
    const def = findScenario('init-wrong-selector');
    const sim = productSim();
    load(sim, def);
    await sim.run(60_000);
    const broken = await goal(sim, def);
    expect(broken).toEqual({ passed: false, saw: 'shop-web is waiting in init container wait-for-db: Service orders-db selects app=orders-database, which matches no Ready pod, so it has no endpoints', field: 'spec.selector', object: { kind: 'Service', name: 'orders-db', namespace: 'default' } });
    expect(sim.cluster.logs.read({ namespace: 'default', pod: 'shop-web', container: 'wait-for-db' }).map((l) => l.text)).toContain('orders-db:5432 not answering yet');
    applyFix(sim, def);
    await sim.run(60_000);
    expect(await goal(sim, def)).toEqual({ passed: true, saw: "shop-web's init containers finished and it is Running and Ready" });
    sim.close();
  });
});
