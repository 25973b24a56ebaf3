import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { AutoRefresh } from '@/components/instructor/AutoRefresh';
import { LearnerTable } from '@/components/instructor/LearnerTable';
import { StepTable } from '@/components/instructor/StepTable';
import { INSTRUCTOR_COOKIE, isInstructorSession, portalClassOverview } from '@/lib/instructor/portal';
import { ClassesPanel, InstructorLinksPanel } from '@/components/classes/ClassesPanel';
import { listClasses } from '@/lib/classes/classes';
import { listInstructorLinks } from '@/lib/classes/instructor-links';
import { portalContext } from '@/lib/portal/context';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Class overview', robots: { index: false, follow: false }, referrer: 'no-referrer' };

export default async function InstructorPage() {
  const session = (await cookies()).get(INSTRUCTOR_COOKIE)?.value;
  if (!isInstructorSession(session)) {
    return (
      <main id="main" className="mx-auto max-w-2xl px-4 py-12">
        <h1 className="text-3xl font-bold tracking-tight">Class overview</h1>
        <p className="mt-3 text-[var(--fg-soft)]">
          This page is for the instructor. Open the instructor link that the server printed when it made the token (<code>npm run instructor-link</code> prints it again; the token
          is kept in the file <code>instructor-token</code> of the data directory, or set with <code>KUBELAB_INSTRUCTOR_TOKEN</code>).
        </p>
      </main>
    );
  }
  const now = new Date();
  const overview = await portalClassOverview(now);
  const stat = 'rounded-lg border border-[var(--border)] bg-[var(--bg-soft)] p-3';
  return (
    <main id="main" className="mx-auto max-w-[1400px] px-4 py-8">
      <p className="text-sm font-medium text-[var(--accent)]">Instructor</p>
      <h1 className="mt-1 text-3xl font-bold tracking-tight">Class overview</h1>
      <AutoRefresh generatedAt={now.toISOString()} />
      <dl className="mt-5 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <div className={stat}>
          <dt className="text-xs uppercase tracking-wide text-[var(--fg-soft)]">Learners</dt>
          <dd className="text-2xl font-bold">{overview.learners.length}</dd>
        </div>
        <div className={stat}>
          <dt className="text-xs uppercase tracking-wide text-[var(--fg-soft)]">Active now</dt>
          <dd className="text-2xl font-bold">{overview.activeNow}</dd>
        </div>
        <div className={stat}>
          <dt className="text-xs uppercase tracking-wide text-[var(--fg-soft)]">Exercise steps</dt>
          <dd className="text-2xl font-bold">{overview.stepCount}</dd>
        </div>
        <div className={stat}>
          <dt className="text-xs uppercase tracking-wide text-[var(--fg-soft)]">Clusters needing a look</dt>
          <dd className="text-2xl font-bold">{overview.learners.filter((l) => l.cluster?.problems.length).length}</dd>
        </div>
      </dl>
      <section aria-labelledby="classes" className="mt-8">
        <h2 id="classes" className="text-xl font-semibold">Classes</h2>
        <p className="mt-1 text-sm text-[var(--fg-soft)]">Each class has a join link and a short code for your slide; its live board shows where every learner is, as it happens.</p>
        <ClassesPanel initial={listClasses(portalContext().db)} />
      </section>
      <section aria-labelledby="learners" className="mt-10">
        <h2 id="learners" className="text-xl font-semibold">All learners</h2>
        <p className="mt-1 text-sm text-[var(--fg-soft)]">Learners choose the name shown here on their progress page; until then they appear by the start of their id.</p>
        <LearnerTable overview={overview} now={now.getTime()} />
      </section>
      <section aria-labelledby="steps" className="mt-10">
        <h2 id="steps" className="text-xl font-semibold">Where the class is</h2>
        <StepTable overview={overview} />
      </section>
      <section aria-labelledby="instructors" className="mt-10">
        <h2 id="instructors" className="text-xl font-semibold">Other instructors</h2>
        <p className="mt-1 text-sm text-[var(--fg-soft)]">A link of their own for a co-teacher or assistant; revoking it signs out whoever opened it.</p>
        <InstructorLinksPanel initial={listInstructorLinks(portalContext().db)} />
      </section>
    </main>
  );
}
