/**
 * The portal's operations on a sandbox cluster outside the Kubernetes API (its clock, nodes,
 * the scheduler's why-pending, exercise and break-and-fix checks, the class board's pod health),
 * run where the cluster lives: in a sandbox worker, or in the main thread with
 * KUBELAB_SANDBOX_WORKERS=0. Arguments and answers are plain data (they cross a thread); the
 * portal calls them through ClusterHandle (cluster-handle.ts), never this directly.
 */
import type { Cluster } from '../k8s/sandbox/cluster';
import { addNode, failNode, recoverNode, removeNode, setCordoned } from '../k8s/sandbox/node-operations';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { UnknownClusterOperationError, type ClusterOperation } from '../k8s/sandbox/workers/front';
import { findExercise } from '../exercises/definitions';
import { runChecks } from '../exercises/evaluate';
import { sandboxView } from '../exercises/sandbox-view';
import { findScenario } from '../break-fix/definitions';
import { checkGoal } from '../break-fix/check';
import { podHealth } from '../instructor/pod-health';
import { applyManifests, deleteManifests } from '../k8s/client/apply';
import { clusterObjectApi } from './cluster-object-api';

export const NODE_ACTIONS = ['add', 'remove', 'fail', 'recover', 'cordon', 'uncordon'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

export interface ClockView {
  now: string;
  scale: number;
}

function clockView(cluster: Cluster): ClockView {
  return { now: new Date(cluster.clock.now()).toISOString(), scale: (cluster.clock as { scale?: number }).scale ?? 1 };
}

function nodeOperation(cluster: Cluster, action: NodeAction, node: string): string {
  switch (action) {
    case 'add':
      return addNode(cluster);
    case 'remove':
      removeNode(cluster, node);
      return node;
    case 'fail':
      failNode(cluster, node);
      return node;
    case 'recover':
      recoverNode(cluster, node);
      return node;
    case 'cordon':
    case 'uncordon':
      setCordoned(cluster, node, action === 'cordon');
      return node;
  }
}

export async function clusterOperations(cluster: Cluster, o: ClusterOperation): Promise<unknown> {
  switch (o.op) {
    case 'apply':
      return applyManifests(clusterObjectApi(cluster), o.yaml as string, { dryRun: o.dryRun === true, namespace: o.namespace as string | undefined });
    case 'deleteManifests':
      return deleteManifests(clusterObjectApi(cluster), o.yaml as string, { namespace: o.namespace as string | undefined });
    case 'clock':
      return clockView(cluster);
    case 'setScale':
      cluster.clock.setScale?.(o.scale as number);
      return clockView(cluster);
    case 'advance': {
      // Resolves once the cluster has run the skipped span step by step (CronJobs, backoffs);
      // truncated: it ran out of its budget and jumped the rest at once.
      const run = await cluster.advance(o.seconds as number);
      return { ...clockView(cluster), truncated: run.truncated };
    }
    case 'node': {
      const name = nodeOperation(cluster, o.action as NodeAction, o.node as string);
      // Confirmed only once on disk (the sandbox store commits in groups).
      cluster.sync();
      return name;
    }
    case 'whyPending':
      return cluster.productHandles?.scheduler.diagnosis(o.uid as string) ?? null;
    case 'exerciseChecks': {
      const live = await runChecks(findExercise(o.exercise as string), sandboxView(cluster));
      // A step recorded as done must not outlive, after a crash, the cluster state it was seen in
      // (the sandbox store commits in groups).
      cluster.sync();
      return [...live.entries()];
    }
    case 'breakFixGoal':
      return checkGoal(cluster, findScenario(o.scenario as string));
    case 'podHealth':
      return podHealth(cluster.context.client.list(GR.pods), cluster.clock.now());
    case 'sync':
      cluster.sync();
      return undefined;
    default:
      throw new UnknownClusterOperationError(o.op);
  }
}
