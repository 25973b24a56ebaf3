import type { Metadata } from 'next';
import Link from 'next/link';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { InspectView } from '@/components/classes/InspectView';
import { NotInstructor } from '@/components/classes/NotInstructor';
import { classById, isMember, type ClassRecord } from '@/lib/classes/classes';
import { UnknownClassError } from '@/lib/classes/errors';
import { displayNameOf } from '@/lib/learners/display-name';
import { INSTRUCTOR_COOKIE, isInstructorSession } from '@/lib/instructor/portal';
import { portalContext } from '@/lib/portal/context';
import { clusterOf } from '@/lib/learners/clusters';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: "A learner's cluster", robots: { index: false, follow: false }, referrer: 'no-referrer' };

export default async function InspectPage({ params }: { params: Promise<{ id: string; learner: string }> }) {
  if (!isInstructorSession((await cookies()).get(INSTRUCTOR_COOKIE)?.value)) return <NotInstructor title="A learner's cluster" />;
  const { id, learner } = await params;
  const { db, host } = portalContext();
  let klass: ClassRecord;
  try {
    klass = classById(db, id);
  } catch (err) {
    if (err instanceof UnknownClassError) notFound();
    throw err;
  }
  if (!isMember(db, klass.id, learner)) notFound();
  const name = displayNameOf(db, learner) ?? `learner ${learner.slice(0, 8)}`;
  const clusterId = clusterOf(db, learner);
  const hasCluster = Boolean(clusterId && host.has(clusterId));
  return (
    <main id="main" className="mx-auto max-w-[1100px] px-4 py-8">
      <p className="text-sm font-medium text-[var(--accent)]">
        <Link href="/instructor" className="underline-offset-2 hover:underline">Instructor</Link> / <Link href={`/instructor/classes/${klass.id}`} className="underline-offset-2 hover:underline">{klass.name}</Link>
      </p>
      <h1 className="mt-1 break-words text-3xl font-bold tracking-tight">{name}&apos;s cluster</h1>
      {hasCluster ? (
        <InspectView classId={klass.id} learnerId={learner} />
      ) : (
        <p className="mt-4 rounded-md border border-dashed border-[var(--border)] p-4 text-sm text-[var(--fg-soft)]">{name} has not opened a cluster yet: it appears here once they open the lab bench of a lesson.</p>
      )}
    </main>
  );
}
