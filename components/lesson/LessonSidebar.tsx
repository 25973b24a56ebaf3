import Link from 'next/link';
import { SECTION_TITLES, SECTIONS } from '@/lib/content/frontmatter';
import type { LessonMeta } from '@/lib/content/lessons';

function SidebarList({ lessons, current }: { lessons: LessonMeta[]; current?: string }) {
  return (
    <div className="space-y-5">
      <Link href="/learn/module-05" className={`block text-sm font-semibold ${!current ? 'text-[var(--accent)]' : ''}`}>
        Module overview
      </Link>
      {SECTIONS.map((section) => {
        const items = lessons.filter((l) => l.section === section);
        if (!items.length) return null;
        return (
          <div key={section}>
            <p className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-[var(--fg-soft)]">{SECTION_TITLES[section]}</p>
            <ul className="space-y-0.5">
              {items.map((l) => (
                <li key={l.slug}>
                  <Link
                    href={`/learn/module-05/${l.slug}`}
                    aria-current={l.slug === current ? 'page' : undefined}
                    className={`block rounded-md px-2 py-1 text-sm ${l.slug === current ? 'bg-[var(--accent-soft)] font-medium text-[var(--accent)]' : 'text-[var(--fg)] hover:bg-[var(--bg-soft)]'}`}
                  >
                    {l.title}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <Link href="/learn/module-05/resources" className="block text-sm font-semibold">
        Resource library
      </Link>
    </div>
  );
}

/** Lessons by section; a disclosure on narrow screens, a sticky column on wide ones. */
export function LessonSidebar({ lessons, current }: { lessons: LessonMeta[]; current?: string }) {
  return (
    <>
      <nav aria-label="Lessons" className="hidden lg:block">
        <div className="sticky top-16 max-h-[calc(100vh-4.5rem)] overflow-y-auto py-6 pr-2">
          <SidebarList lessons={lessons} current={current} />
        </div>
      </nav>
      <details className="border-b border-[var(--border)] px-4 py-3 lg:hidden">
        <summary className="cursor-pointer text-sm font-semibold">All lessons</summary>
        <nav aria-label="Lessons (menu)" className="mt-3">
          <SidebarList lessons={lessons} current={current} />
        </nav>
      </details>
    </>
  );
}
