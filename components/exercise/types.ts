import type { ObjectRef } from '@/lib/exercises/view';

/** What the exercise panel gets from the page (no solutions: those are asked for, and recorded). */
export interface ExerciseStepView {
  id: string;
  title: string;
  goal: string;
  manifest?: { title: string; yaml: string };
  command?: string;
  hints: string[];
  predict?: { question: string; options: string[] };
}

export interface ExerciseView {
  exercise: string;
  title: string;
  steps: ExerciseStepView[];
}

export interface StepState {
  step: string;
  passed?: boolean;
  saw?: string;
  /** The field of the learner's YAML a failure points at, and the object it belongs to. */
  field?: string;
  object?: ObjectRef;
  observed?: string;
  /** For a prediction step that passed: the answer the cluster confirmed. */
  answer?: string;
  everPassed: boolean;
  solutionShown: boolean;
}
