/** Test helpers: a product cluster with the resource library's files applied, seen through a view. */
import { parseAllDocuments } from 'yaml';
import { readResource } from '../content/resources';
import type { KubeObject } from '../k8s/sandbox/types';
import type { productSim } from '../k8s/sandbox/scenarios/product-cluster';
import { sandboxView } from './sandbox-view';
import type { ClusterView } from './view';

export type Sim = ReturnType<typeof productSim>;

export function objectsOf(yamlText: string): KubeObject[] {
  return parseAllDocuments(yamlText)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => Boolean(o));
}

/** Creates every object of a resource-library file (or the ones `keep` selects). */
export function applyResource(sim: Sim, path: string, keep: (o: KubeObject) => boolean = () => true): KubeObject[] {
  return objectsOf(readResource(path)).filter(keep).map((o) => sim.apply(o));
}

export function simView(sim: Sim): ClusterView {
  return sandboxView(sim.cluster, { drive: () => sim.run(1000) });
}
