/**
 * The bench's watch state of a simulated cluster, as the Try-it observers read it: every kind a
 * Try-it watches in the default namespace, and the nodes (the Try-it tests and variation tests).
 */
import { GR } from '../../k8s/sandbox';
import type { ClusterState } from '../../k8s/watch/reducer';
import type { Sim } from '../../exercises/testing';

const WATCHED = { pods: GR.pods, jobs: GR.jobs, daemonsets: GR.daemonsets, statefulsets: GR.statefulsets, cronjobs: GR.cronjobs, deployments: GR.deployments } as const;

export function tryItStateOf(sim: Sim): ClusterState {
  const state: ClusterState = {};
  for (const [key, gr] of Object.entries(WATCHED)) {
    const items = Object.fromEntries(sim.list(gr, { namespace: 'default' }).map((o) => [`default/${o.metadata.name}`, o as never]));
    state[key as keyof typeof WATCHED] = { items, resourceVersion: '1', synced: true };
  }
  state.nodes = { items: Object.fromEntries(sim.list(GR.nodes).map((n) => [`/${n.metadata.name}`, n as never])), resourceVersion: '1', synced: true };
  return state;
}
