/** One row per learner: where they are in the module and whether their cluster needs a look. */
import type { ClassOverview } from '@/lib/instructor/class-overview';
import { ago, exerciseShortName, pct } from './format';

const th = 'py-2 pr-4 font-medium whitespace-nowrap';
const td = 'py-2 pr-4 align-top';

export function LearnerTable({ overview, now }: { overview: ClassOverview; now: number }) {
  const { learners, lessonCount, quizCount, stepCount, checklistCount } = overview;
  if (!learners.length) {
    return <p className="mt-3 rounded-md border border-dashed border-[var(--border)] p-4 text-[var(--fg-soft)]">No learner has opened the portal yet. Share this portal&apos;s address with the class; each browser becomes a learner on its first visit.</p>;
  }
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-[56rem] text-left text-sm">
        <caption className="sr-only">Learners, most recently seen first</caption>
        <thead className="border-b border-[var(--border)] text-[var(--fg-soft)]">
          <tr>
            <th scope="col" className={th}>Learner</th>
            <th scope="col" className={th}>Last seen</th>
            <th scope="col" className={th}>Lessons read</th>
            <th scope="col" className={th}>Quizzes</th>
            <th scope="col" className={th}>Exercise steps</th>
            <th scope="col" className={th}>Checklist</th>
            <th scope="col" className={th}>Cluster</th>
          </tr>
        </thead>
        <tbody>
          {learners.map((l) => (
            <tr key={l.id} className="border-b border-[var(--border)]">
              <th scope="row" className={`${td} font-semibold ${l.named ? '' : 'font-mono font-normal text-[var(--fg-soft)]'}`}>
                {l.label}
              </th>
              <td className={`${td} whitespace-nowrap`}>
                <time dateTime={l.lastSeenAt} title={l.lastSeenAt}>{ago(l.lastSeenAt, now)}</time>
              </td>
              <td className={td}>
                {l.lessonsRead} / {lessonCount}
              </td>
              <td className={td}>
                {l.questionsAnswered ? (
                  <>
                    {pct(l.quizFraction)}
                    <span className="block text-xs text-[var(--fg-soft)]">
                      {l.quizzesPassed} of {quizCount} passed
                    </span>
                  </>
                ) : (
                  <span className="text-[var(--fg-soft)]">none taken</span>
                )}
              </td>
              <td className={td}>
                <span className="font-semibold">
                  {l.stepsPassed} / {stepCount}
                </span>
                {l.solutionsShown > 0 && <span className="text-xs text-[var(--fg-soft)]"> · {l.solutionsShown} solution{l.solutionsShown === 1 ? '' : 's'} shown</span>}
                <ul className="mt-1 flex flex-wrap gap-1" aria-label={`${l.label}'s exercises`}>
                  {l.exercises.map((e) => (
                    <li
                      key={e.exercise}
                      className={`rounded px-1.5 py-0.5 text-xs whitespace-nowrap ${e.passed === e.total ? 'bg-[var(--ok-soft)] text-[var(--ok)]' : e.passed ? 'bg-[var(--warn-soft)]' : 'bg-[var(--bg-soft)] text-[var(--fg-soft)]'}`}
                    >
                      {exerciseShortName(e.exercise)} {e.passed}/{e.total}
                    </li>
                  ))}
                </ul>
              </td>
              <td className={td}>
                {l.checklistDone} / {checklistCount}
              </td>
              <td className={td}>
                {!l.cluster ? (
                  <span className="text-[var(--fg-soft)]">no cluster yet</span>
                ) : l.cluster.problems.length === 0 ? (
                  <span>
                    {l.cluster.pods} pod{l.cluster.pods === 1 ? '' : 's'}, <span className="text-[var(--ok)]">all fine</span>
                  </span>
                ) : (
                  <>
                    {l.cluster.pods} pod{l.cluster.pods === 1 ? '' : 's'}, <span className="font-semibold text-[var(--danger)]">{l.cluster.problems.length} need{l.cluster.problems.length === 1 ? 's' : ''} a look</span>
                    <ul className="mt-1 font-mono text-xs text-[var(--fg-soft)]">
                      {l.cluster.problems.slice(0, 4).map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                      {l.cluster.problems.length > 4 && <li>… and {l.cluster.problems.length - 4} more</li>}
                    </ul>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
