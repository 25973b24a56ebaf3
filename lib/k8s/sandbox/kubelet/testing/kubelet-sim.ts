/**
 * A sim cluster with kubelets on a ScriptedRuntime, and helpers to read a pod the way
 * kubectl shows it (the STATUS/READY/RESTARTS cells of `kubectl get pod`).
 */
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { GR } from '../../controllers/framework/client';
import { printPod } from '../../registry/kinds/pod-printer';
import type { KubeObject } from '../../types';
import { KubeletSet } from '../kubelet-set';
import { ScriptedRuntime, type ScriptFor, type ScriptedImage } from './scripted-runtime';
import type { ContainerSpec, PodSpec, PodStatus } from '../spec-types';

export interface KubeletSim {
  sim: SimCluster;
  runtime: ScriptedRuntime;
  kubelets: KubeletSet;
  /** The live pod. */
  pod(name: string, namespace?: string): KubeObject;
  status(name: string): PodStatus;
  /** `kubectl get pod` cells: [READY, STATUS, RESTARTS]. */
  row(name: string): string[];
  /** `type reason: message` for the pod's events, oldest first. */
  events(name: string): string[];
  /** Records the STATUS column on every write to the pod, as `kubectl get pod -w` shows it (repeats folded). */
  watchStatus(name: string): string[];
}

export function kubeletSim(opts: { script?: ScriptFor; images?: ScriptedImage[] } = {}): KubeletSim {
  const runtime = new ScriptedRuntime({ script: opts.script, images: opts.images });
  let kubelets!: KubeletSet;
  const sim = simCluster({ runtime, components: (ctx) => [(kubelets = new KubeletSet(ctx))] });
  runtime.attach(sim.clock);
  const pod = (name: string, namespace = 'default') => {
    const p = sim.get(GR.pods, namespace, name);
    if (!p) throw new Error(`pod ${namespace}/${name} not found`);
    return p;
  };
  return {
    sim,
    runtime,
    kubelets,
    pod,
    status: (name) => pod(name).status as PodStatus,
    row: (name) => printPod(pod(name), { now: sim.clock.now() }).cells.slice(1, 4).map(String),
    events: (name) => sim.events(pod(name)).map((e) => `${e.type} ${e.reason}: ${e.message}`),
    watchStatus: (name) => {
      const seen: string[] = [];
      sim.client.watch(GR.pods, (e) => {
        if (e.object.metadata.name !== name || e.type === 'DELETED') return;
        const status = String(printPod(e.object, { now: sim.clock.now() }).cells[2]);
        if (seen.at(-1) !== status) seen.push(status);
      });
      return seen;
    },
  };
}

/** A pod bound to worker-1 (no scheduler in these tests). */
export function podOn(name: string, spec: Partial<PodSpec> & { containers: ContainerSpec[] }, node = 'worker-1', meta: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta }, spec: { nodeName: node, ...spec } };
}
