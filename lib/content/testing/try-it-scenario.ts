import type { Sim } from '../../exercises/testing';

/**
 * What a lesson tells the learner to do around one Try-it's Apply, and the answer their cluster
 * must then show (try-it-blocks.test.ts plays each on a sandbox). `before` and `after` stand for
 * the learner's own steps (labelling or draining a node, a delete, a second Apply).
 */
export interface TryItScenario {
  before?(sim: Sim): void;
  /** Run after the Apply once `afterMs` of cluster time have passed. */
  after?(sim: Sim): void;
  afterMs?: number;
  /** Cluster time to give the answer before failing. */
  withinMs: number;
  /** The observed value, or the label of the option that must cover it (ranges). */
  answer: string | number;
}
