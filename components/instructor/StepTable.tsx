/** Per exercise step: how much of the class passed it, and how many needed its solution. */
import Link from 'next/link';
import type { ClassOverview } from '@/lib/instructor/class-overview';

export function StepTable({ overview }: { overview: ClassOverview }) {
  const size = overview.learners.length;
  const byExercise = new Map<string, ClassOverview['steps']>();
  for (const s of overview.steps) byExercise.set(s.exercise, [...(byExercise.get(s.exercise) ?? []), s]);
  return (
    <div className="mt-3 grid gap-4 md:grid-cols-2">
      {[...byExercise].map(([exercise, steps]) => (
        <section key={exercise} aria-label={steps[0].exerciseTitle} className="rounded-lg border border-[var(--border)] p-3">
          <h3 className="font-semibold">
            <Link href={`/learn/module-05/${exercise}`} className="text-[var(--accent)] hover:underline">
              {steps[0].exerciseTitle}
            </Link>
          </h3>
          <ul className="mt-2 grid gap-2 text-sm">
            {steps.map((s) => {
              const share = size ? s.passed / size : 0;
              return (
                <li key={s.step}>
                  <div className="flex items-baseline justify-between gap-3">
                    <span>{s.title}</span>
                    <span className="whitespace-nowrap text-[var(--fg-soft)]">
                      {s.passed} of {size} passed{s.withSolution ? ` · ${s.withSolution} with the solution` : ''}
                    </span>
                  </div>
                  <div className="mt-1 h-1.5 rounded bg-[var(--bg-soft)]" role="presentation">
                    <div className="h-1.5 rounded bg-[var(--ok)]" style={{ width: `${Math.round(share * 100)}%` }} />
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
