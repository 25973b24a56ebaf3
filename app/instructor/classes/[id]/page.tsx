import type { Metadata } from 'next';
import Link from 'next/link';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { ClassBoard } from '@/components/classes/ClassBoard';
import { NotInstructor } from '@/components/classes/NotInstructor';
import { classById, type ClassRecord } from '@/lib/classes/classes';
import { UnknownClassError } from '@/lib/classes/errors';
import { lessonMeta, moduleLessons } from '@/lib/content/lessons';
import { exerciseOutline, INSTRUCTOR_COOKIE, isInstructorSession } from '@/lib/instructor/portal';
import { portalContext } from '@/lib/portal/context';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Class board', robots: { index: false, follow: false }, referrer: 'no-referrer' };

export default async function ClassBoardPage({ params }: { params: Promise<{ id: string }> }) {
  if (!isInstructorSession((await cookies()).get(INSTRUCTOR_COOKIE)?.value)) return <NotInstructor title="Class board" />;
  let klass: ClassRecord;
  try {
    klass = classById(portalContext().db, (await params).id);
  } catch (err) {
    if (err instanceof UnknownClassError) notFound();
    throw err;
  }
  const lessonTitles = Object.fromEntries(moduleLessons().map(lessonMeta).map((l) => [l.slug, l.title]));
  return (
    <main id="main" className="mx-auto max-w-[1400px] px-4 py-8">
      <p className="text-sm font-medium text-[var(--accent)]"><Link href="/instructor" className="underline-offset-2 hover:underline">Instructor</Link> / class</p>
      <h1 className="mt-1 break-words text-3xl font-bold tracking-tight">{klass.name}</h1>
      <p className="mt-2 text-sm text-[var(--fg-soft)]">
        Join code <span className="font-mono text-lg font-bold tracking-[0.2em] text-[var(--fg)]">{klass.code}</span> · link <code>/join/{klass.code}</code>
        {klass.startsOn ? ` · starts ${klass.startsOn}` : ''}{klass.endsOn ? ` · ends ${klass.endsOn}` : ''}
      </p>
      <ClassBoard classId={klass.id} outline={exerciseOutline()} lessonTitles={lessonTitles} />
    </main>
  );
}
