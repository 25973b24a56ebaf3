/**
 * Class overview benchmark: how long the instructor's page takes to compute its data for a
 * class of N learners (default 60), each with lessons read, quiz answers and exercise steps.
 * Prints the median and max over 20 builds. Run: npx tsx scripts/bench/class-overview.ts [N]
 */
import { classOverview } from '../../lib/instructor/class-overview';
import { loadExercises } from '../../lib/exercises/definitions';
import { memoryLearnerDb } from '../../lib/learners/db';
import { setDisplayName } from '../../lib/learners/display-name';
import { learnerFor, newLearnerSecret } from '../../lib/learners/identity';
import { markLessonRead, recordStep } from '../../lib/learners/progress';
import { moduleLessons } from '../../lib/content/lessons';
import { answerQuestion } from '../../lib/quiz/service';

const n = Number(process.argv[2] ?? 60);
const db = memoryLearnerDb();
const exercises = loadExercises().map((e) => ({ exercise: e.exercise, title: e.title, steps: e.steps.map((s) => ({ id: s.id, title: s.title })) }));
const lessons = moduleLessons();
for (let i = 0; i < n; i++) {
  const { id } = learnerFor(db, newLearnerSecret())!;
  setDisplayName(db, id, `Learner ${i}`);
  for (const l of lessons.slice(0, i % lessons.length)) markLessonRead(db, id, l.slug);
  answerQuestion(db, id, { quiz: 'jobs', question: 'restart-policy-bug', answer: { kind: 'bug', lines: [i % 2 ? 9 : 8] } });
  for (const e of exercises) for (const s of e.steps) recordStep(db, id, e.exercise, s.id, { passed: (i + s.id.length) % 3 === 0, at: new Date(), solutionShown: i % 5 === 0 });
}
const times: number[] = [];
for (let run = 0; run < 20; run++) {
  const t0 = performance.now();
  classOverview({ db, exercises, lessonCount: lessons.length });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`class-overview: ${n} learners, ${exercises.reduce((k, e) => k + e.steps.length, 0)} steps each; median ${times[10].toFixed(1)} ms, max ${times[19].toFixed(1)} ms per overview`);
