/**
 * Runs an exercise's checks against a learner's cluster and keeps the outcome in their
 * progress. Every checked step is recorded (failing ones too), so the completion checklist can
 * say "2 of 3 checked steps passed"; a step stays passed once it has passed (recordStep).
 */
import type { LearnerDb } from '../learners/db';
import { recordStep, stepsOf, type StepRecord } from '../learners/progress';
import { CHECKS, isCheckId } from './checks';
import type { ExerciseDefinition } from './definitions';
import type { CheckResult, ClusterView } from './view';

/** A step as the panel shows it: what the check found just now, and the recorded state. */
export type StepOutcome = CheckResult & {
  step: string;
  /** Whether the step has ever passed (the recorded state). */
  everPassed: boolean;
  solutionShown: boolean;
};

/** What a check found just now (its field, when failing, comes with the object it belongs to). */
export type LiveResult = CheckResult;

/** Each step's check, one after another (they may run commands in the learner's pods). */
export async function runChecks(def: ExerciseDefinition, view: ClusterView): Promise<Map<string, LiveResult>> {
  const out = new Map<string, LiveResult>();
  for (const step of def.steps) {
    if (!isCheckId(step.check)) continue;
    try {
      out.set(step.id, await CHECKS[step.check](view));
    } catch (err) {
      // A check that breaks must not hide the others; the learner sees why this one could not run.
      out.set(step.id, { passed: false, saw: `the check could not run: ${(err as Error).message}` });
    }
  }
  return out;
}

export function recordedSteps(db: LearnerDb, learnerId: string, exercise: string): Map<string, StepRecord> {
  return new Map(stepsOf(db, learnerId).filter((s) => s.exercise === exercise).map((s) => [s.step, s]));
}

export function recordOutcomes(db: LearnerDb, learnerId: string, def: ExerciseDefinition, live: Map<string, LiveResult>, at = new Date()): StepOutcome[] {
  return def.steps.map((step) => {
    const r = live.get(step.id) ?? { passed: false, saw: 'not checked' };
    const rec = recordStep(db, learnerId, def.exercise, step.id, { passed: r.passed, at, solutionShown: false });
    return { step: step.id, ...r, everPassed: rec.passed, solutionShown: rec.solutionShown };
  });
}

/** The learner asked for a step's solution: recorded, so the progress says how the step was passed. */
export function recordSolutionShown(db: LearnerDb, learnerId: string, def: ExerciseDefinition, step: string, at = new Date()): StepRecord {
  return recordStep(db, learnerId, def.exercise, step, { passed: false, at, solutionShown: true });
}
