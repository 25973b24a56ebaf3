import Link from 'next/link';
import { LessonSidebar } from '@/components/lesson/LessonSidebar';
import { WorkloadTypesDiagram } from '@/components/diagrams';
import { SECTION_TITLES, SECTIONS } from '@/lib/content/frontmatter';
import { lessonMeta, moduleLessons } from '@/lib/content/lessons';
import { loadModuleInfo } from '@/lib/content/module';

export default function ModuleOverview() {
  const info = loadModuleInfo();
  const lessons = moduleLessons().map(lessonMeta);
  const minutes = lessons.reduce((sum, l) => sum + l.estimatedMinutes, 0);
  return (
    <div className="mx-auto grid max-w-[1600px] lg:grid-cols-[16rem_minmax(0,1fr)] lg:gap-8 lg:px-4">
      <LessonSidebar lessons={lessons} />
      <main id="main" className="min-w-0 px-4 py-8 lg:px-0">
        <p className="text-sm font-medium text-[var(--accent)]">Kubernetes course</p>
        <h1 className="mt-1 text-3xl font-bold tracking-tight sm:text-4xl">{info.title}</h1>
        <p className="mt-4 max-w-3xl text-lg text-[var(--fg-soft)]">{info.summary}</p>
        <p className="mt-3 text-sm text-[var(--fg-soft)]">
          {lessons.length} lessons · about {Math.round(minutes / 60)} hours
        </p>
        {lessons[0] && (
          <Link href={`/learn/module-05/${lessons[0].slug}`} className="mt-6 inline-block rounded-lg bg-[var(--accent)] px-5 py-2.5 font-semibold text-white dark:text-[#0f1216]">
            Start with {lessons[0].title}
          </Link>
        )}

        <div className="mt-10 grid gap-8 xl:grid-cols-2">
          <section aria-labelledby="objectives">
            <h2 id="objectives" className="text-xl font-semibold">What you will be able to do</h2>
            <ul className="mt-3 list-disc space-y-1.5 pl-5">
              {info.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="prerequisites">
            <h2 id="prerequisites" className="text-xl font-semibold">Before you start</h2>
            <ul className="mt-3 list-disc space-y-1.5 pl-5">
              {info.prerequisites.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </section>
        </div>

        <div className="mt-10 max-w-4xl">
          <WorkloadTypesDiagram />
        </div>

        <section aria-labelledby="module-map" className="mt-10">
          <h2 id="module-map" className="text-xl font-semibold">Module map</h2>
          <div className="mt-4 grid gap-6 md:grid-cols-2">
            {SECTIONS.map((section) => {
              const items = lessons.filter((l) => l.section === section);
              if (!items.length) return null;
              return (
                <div key={section} className="rounded-xl border border-[var(--border)] p-4">
                  <h3 className="font-semibold">{SECTION_TITLES[section]}</h3>
                  <ul className="mt-3 space-y-3">
                    {items.map((l) => (
                      <li key={l.slug}>
                        <Link href={`/learn/module-05/${l.slug}`} className="font-medium text-[var(--accent)] hover:underline">
                          {l.title}
                        </Link>
                        <span className="ml-2 text-xs text-[var(--fg-soft)]">{l.estimatedMinutes} min</span>
                        <p className="text-sm text-[var(--fg-soft)]">{l.summary}</p>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        </section>

        <section aria-labelledby="next-module" className="mt-10 rounded-xl bg-[var(--bg-soft)] p-5">
          <h2 id="next-module" className="font-semibold">Next: {info.next.title}</h2>
          <p className="mt-1 text-sm text-[var(--fg-soft)]">{info.next.summary}</p>
        </section>
      </main>
    </div>
  );
}
