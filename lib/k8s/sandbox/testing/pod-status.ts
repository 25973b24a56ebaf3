/**
 * Test helpers that play the kubelet's part for controller tests that run without one:
 * move a pod to a phase with the status fields a real kubelet would write.
 */
import type { KubeObject } from '../types';
import { GR } from '../controllers/framework/client';
import type { SimCluster } from './sim-cluster';

export interface PodOutcome {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready?: boolean;
  exitCode?: number;
  restartCount?: number;
  /** Bind to this node first if the pod has none (no scheduler in the test). */
  node?: string;
}

export function setPodStatus(sim: SimCluster, pod: KubeObject | string, outcome: PodOutcome, namespace = 'default'): KubeObject {
  const name = typeof pod === 'string' ? pod : pod.metadata.name!;
  const ns = typeof pod === 'string' ? namespace : pod.metadata.namespace!;
  let live = sim.client.peek(GR.pods, ns, name);
  if (!live) throw new Error(`setPodStatus: pod ${ns}/${name} not found`);
  const spec = live.spec as { nodeName?: string; containers: { name: string; image: string }[] };
  if (!spec.nodeName) live = sim.client.bind(ns, name, outcome.node ?? 'worker-1');
  const now = sim.clock.nowISO();
  const ready = outcome.phase === 'Running' && (outcome.ready ?? true);
  const terminated = outcome.phase === 'Succeeded' || outcome.phase === 'Failed';
  const exitCode = outcome.exitCode ?? (outcome.phase === 'Failed' ? 1 : 0);
  const cond = (type: string, status: boolean, reason?: string) => ({ type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now, ...(reason ? { reason } : {}) });
  const termReason = outcome.phase === 'Succeeded' ? 'PodCompleted' : outcome.phase === 'Failed' ? 'PodFailed' : undefined;
  const status = {
    phase: outcome.phase,
    conditions: [
      cond('PodReadyToStartContainers', outcome.phase !== 'Pending'),
      cond('Initialized', true),
      cond('Ready', ready, termReason),
      cond('ContainersReady', ready, termReason),
      cond('PodScheduled', true),
    ],
    hostIP: '172.18.0.3',
    podIP: '10.244.1.10',
    podIPs: [{ ip: '10.244.1.10' }],
    startTime: (live.status as { startTime?: string } | undefined)?.startTime ?? now,
    containerStatuses: spec.containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready,
      started: outcome.phase === 'Running',
      restartCount: outcome.restartCount ?? 0,
      state: terminated
        ? { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: now, finishedAt: now } }
        : outcome.phase === 'Running'
          ? { running: { startedAt: now } }
          : { waiting: { reason: 'ContainerCreating' } },
    })),
  };
  return sim.client.updateStatus({ ...live, status });
}
