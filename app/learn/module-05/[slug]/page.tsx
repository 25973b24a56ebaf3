import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LazyLabBench } from '@/components/lab/LazyLabBench';
import { BenchResizer } from '@/components/lab/BenchResizer';
import { LessonOutline } from '@/components/lesson/LessonOutline';
import { LessonSidebar } from '@/components/lesson/LessonSidebar';
import { PrevNext } from '@/components/lesson/PrevNext';
import { LessonReadMarker } from '@/components/quiz/LessonReadMarker';
import { MdxBody } from '@/components/mdx/MdxBody';
import { compileLesson } from '@/lib/content/compile';
import { SECTION_TITLES } from '@/lib/content/frontmatter';
import { findLesson, lessonMeta, moduleLessons, neighbours } from '@/lib/content/lessons';
import { readResource } from '@/lib/content/resources';

export const dynamicParams = false;

export function generateStaticParams() {
  return moduleLessons().map((l) => ({ slug: l.slug }));
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const lesson = findLesson((await params).slug);
  return lesson ? { title: lesson.title, description: lesson.summary } : {};
}

export default async function LessonPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const lesson = findLesson(slug);
  if (!lesson) notFound();
  const code = await compileLesson(lesson);
  const { previous, next } = neighbours(slug);
  const meta = lessonMeta(lesson);

  return (
    <div className="lesson-grid mx-auto grid max-w-[1600px] lg:grid-cols-[16rem_minmax(0,1fr)] lg:gap-8 lg:px-4 xl:grid-cols-[15rem_minmax(0,1fr)_var(--bench-width,30rem)]">
      <LessonSidebar lessons={moduleLessons().map(lessonMeta)} current={slug} />
      <main id="main" className="min-w-0 px-4 py-8 lg:px-0">
        <div className="mx-auto max-w-[48rem]">
          <p className="text-sm font-medium text-[var(--accent)]">{SECTION_TITLES[lesson.section]}</p>
          <h1 className="mt-1 text-3xl font-bold tracking-tight">{lesson.title}</h1>
          <p className="mt-2 text-sm text-[var(--fg-soft)]">About {lesson.estimatedMinutes} minutes</p>
          <section aria-label="Objectives" className="mt-5 rounded-lg border border-[var(--border)] bg-[var(--bg-soft)] p-4">
            <p className="text-sm font-semibold">In this lesson you will</p>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-[0.97rem]">
              {lesson.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
          <details className="mt-5 rounded-lg border border-[var(--border)] px-4 py-2 2xl:hidden">
            <summary className="cursor-pointer text-sm font-semibold">On this page</summary>
            <div className="mt-2">
              <LessonOutline items={lesson.outline} />
            </div>
          </details>
          <article className="prose mt-8">
            <MdxBody code={code} />
          </article>
          <LessonReadMarker lesson={slug} />
          <PrevNext previous={previous} next={next} />
        </div>
      </main>
      {/* min-w-0: a wide child (the terminal before it fits) must not widen the page on a phone.
          The sticky bench is never taller than the viewport: it scrolls inside itself.
          lg (two columns): below the lesson in its column, not squeezed under the sidebar. */}
      <div className="relative min-w-0 px-4 pb-10 lg:col-start-2 lg:px-0 xl:col-start-auto xl:py-8">
        <BenchResizer />
        <div className="space-y-6 xl:sticky xl:top-20 xl:max-h-[calc(100vh-6rem)] xl:overflow-y-auto xl:overscroll-contain xl:pr-1">
          <LazyLabBench lesson={slug} manifests={meta.manifests.map((m) => ({ file: m.file, title: m.title, content: readResource(m.file) }))} />
          <div className="hidden 2xl:block">
            <LessonOutline items={lesson.outline} />
          </div>
        </div>
      </div>
    </div>
  );
}
