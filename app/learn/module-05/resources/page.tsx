import Link from 'next/link';
import type { Metadata } from 'next';
import { LessonSidebar } from '@/components/lesson/LessonSidebar';
import { lessonMeta, moduleLessons } from '@/lib/content/lessons';
import { resourceTree, type ResourceEntry } from '@/lib/content/resources';

export const metadata: Metadata = { title: 'Resource library' };

function Tree({ entries }: { entries: ResourceEntry[] }) {
  return (
    <ul className="space-y-1 pl-4">
      {entries.map((e) => (
        <li key={e.path}>
          {e.kind === 'dir' ? (
            <>
              <span className="font-semibold">{e.name}/</span>
              <Tree entries={e.children ?? []} />
            </>
          ) : (
            <span className="flex flex-wrap items-baseline gap-x-3">
              <Link href={`/learn/module-05/resources/${e.path}`} className="font-mono text-sm text-[var(--accent)] hover:underline">
                {e.name}
              </Link>
              <a href={`/api/resources/${e.path}`} download className="text-xs text-[var(--fg-soft)] hover:underline" aria-label={`Download ${e.path}`}>
                download
              </a>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

export default function ResourcesPage() {
  return (
    <div className="mx-auto grid max-w-[1600px] lg:grid-cols-[16rem_minmax(0,1fr)] lg:gap-8 lg:px-4">
      <LessonSidebar lessons={moduleLessons().map(lessonMeta)} />
      <main id="main" className="min-w-0 px-4 py-8 lg:px-0">
        <h1 className="text-3xl font-bold tracking-tight">Resource library</h1>
        <p className="mt-3 max-w-3xl text-[var(--fg-soft)]">
          Every manifest used in Module 5, commented line by line. Open one to read it, or download it and run
          <code className="mx-1 rounded bg-[var(--bg-code)] px-1">kubectl apply -f</code> against your cluster.
        </p>
        <div className="mt-6 -ml-4">
          <Tree entries={resourceTree()} />
        </div>
      </main>
    </div>
  );
}
