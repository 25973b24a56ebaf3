import { describe, expect, it } from 'vitest';
import { memoryLearnerDb } from '../learners/db';
import { learnerFor, newLearnerSecret } from '../learners/identity';
import { stepsOf } from '../learners/progress';
import { productSim } from '../k8s/sandbox/scenarios/product-cluster';
import { tickChecklist } from '../quiz/checklist';
import { findExercise, manifestText } from './definitions';
import { recordOutcomes, recordSolutionShown, runChecks } from './evaluate';
import { objectsOf, simView } from './testing';

describe('evaluating Exercise 5.3 on a learner\'s cluster', () => {
  it('fails every step on an empty cluster, then passes all four once the steps\' manifests ran, and the checklist counts it done', async () => {
    const db = memoryLearnerDb();
    const me = learnerFor(db, newLearnerSecret())!.id;
    const def = findExercise('exercise-5-3-jobs');
    const sim = productSim();

    const before = recordOutcomes(db, me, def, await runChecks(def, simView(sim)), new Date('2025-01-01T00:00:00Z'));
    expect(before.map((o) => [o.step, o.passed, o.saw])).toEqual([
      ['single-job', false, 'there is no Job single-job yet'],
      ['parallel-job', false, 'there is no Job parallel-job yet'],
      ['queue-job', false, 'there is no Job queue-job yet'],
      ['shard-job', false, 'there is no Job shard-job yet'],
    ]);

    recordSolutionShown(db, me, def, 'queue-job', new Date('2025-01-01T00:00:01Z'));
    for (const step of def.steps) for (const o of objectsOf(manifestText(step.manifest!))) sim.apply(o);
    await sim.run(120_000);
    const after = recordOutcomes(db, me, def, await runChecks(def, simView(sim)), new Date('2025-01-01T00:05:00Z'));
    expect(after.map((o) => [o.step, o.passed, o.everPassed, o.solutionShown])).toEqual([
      ['single-job', true, true, false],
      ['parallel-job', true, true, false],
      ['queue-job', true, true, true],
      ['shard-job', true, true, false],
    ]);
    expect(after[1].observed).toBe('3');
    expect(after[3].observed).toBe('2');

    const steps = db.prepare('SELECT exercise, step, passed, solution_shown AS solutionShown FROM exercise_steps ORDER BY step').all();
    expect(steps).toEqual([
      { exercise: 'exercise-5-3-jobs', step: 'parallel-job', passed: 1, solutionShown: 0 },
      { exercise: 'exercise-5-3-jobs', step: 'queue-job', passed: 1, solutionShown: 1 },
      { exercise: 'exercise-5-3-jobs', step: 'shard-job', passed: 1, solutionShown: 0 },
      { exercise: 'exercise-5-3-jobs', step: 'single-job', passed: 1, solutionShown: 0 },
    ]);
    const [item] = tickChecklist([{ text: 'Run Jobs', links: [{ slug: 'exercise-5-3-jobs', title: 'Exercise 5.3' }] }], {
      sections: new Map([['exercise-5-3-jobs', 'exercises']]),
      lessonsRead: new Set(),
      quizzes: new Map(),
      steps: stepsOf(db, me),
    });
    expect(item.evidence[0]).toMatchObject({ status: 'done', detail: '4 of 4 checked steps passed (1 with the solution shown)' });
    sim.close();
  });

  it('keeps a passed step passed when a later check fails (after a cluster reset)', async () => {
    const db = memoryLearnerDb();
    const me = learnerFor(db, newLearnerSecret())!.id;
    const def = findExercise('exercise-5-3-jobs');
    const passed = new Map([['single-job', { passed: true, saw: 'ok' }]]);
    recordOutcomes(db, me, def, passed, new Date('2025-01-01T00:00:00Z'));
    const later = recordOutcomes(db, me, def, new Map([['single-job', { passed: false, saw: 'there is no Job single-job yet' }]]), new Date('2025-01-01T01:00:00Z'));
    expect(later[0]).toMatchObject({ passed: false, everPassed: true, saw: 'there is no Job single-job yet' });
  });
});
