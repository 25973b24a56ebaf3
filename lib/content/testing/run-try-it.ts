import { productSim } from '../../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../../k8s/sandbox/types';
import { objectsOf, type Sim } from '../../exercises/testing';
import { tryItBlocks, type TryItBlock } from '../../tryit/blocks';
import { loadLessons } from '../lessons';

let blocks: TryItBlock[] | undefined;

/** The Try-it with this id, from any lesson. */
export function tryItBlock(id: string): TryItBlock {
  blocks ??= loadLessons().flatMap((l) => tryItBlocks(l.source));
  const block = blocks.find((b) => b.id === id);
  if (!block) throw new Error(`no Try-it has the id ${id}`);
  return block;
}

/**
 * A variation a lesson suggests, played on a product sandbox: the Try-it's manifest changed by
 * `edit`, applied, run for `ms` of cluster time; with `then` (the learner's next step, a label
 * or a node failure), that step and another `ms`. The caller closes the returned sim.
 */
export async function runTryItVariation(id: string, edit: (docs: KubeObject[]) => void, ms: number, then?: (sim: Sim) => void): Promise<Sim> {
  const sim = productSim();
  try {
    const docs = objectsOf(tryItBlock(id).yaml);
    edit(docs);
    for (const d of docs) sim.apply(d);
    await sim.run(ms);
    if (then) {
      then(sim);
      await sim.run(ms);
    }
    return sim;
  } catch (err) {
    sim.close();
    throw err;
  }
}
