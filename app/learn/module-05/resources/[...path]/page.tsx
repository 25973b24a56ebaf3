import Link from 'next/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LessonSidebar } from '@/components/lesson/LessonSidebar';
import { HighlightedCode } from '@/components/mdx/CodeBlock';
import { lessonMeta, moduleLessons } from '@/lib/content/lessons';
import { readResource, resourceFiles, ResourcePathError } from '@/lib/content/resources';

export const dynamicParams = false;

export function generateStaticParams() {
  return resourceFiles().map((p) => ({ path: p.split('/') }));
}

export async function generateMetadata({ params }: { params: Promise<{ path: string[] }> }): Promise<Metadata> {
  return { title: (await params).path.join('/') };
}

export default async function ResourceFilePage({ params }: { params: Promise<{ path: string[] }> }) {
  const rel = (await params).path.join('/');
  let text: string;
  try {
    text = readResource(rel);
  } catch (err) {
    if (err instanceof ResourcePathError) notFound();
    throw err;
  }
  const usedBy = moduleLessons().filter((l) => l.manifests.some((m) => m.file === rel) || l.source.includes(`"${rel}"`));
  return (
    <div className="mx-auto grid max-w-[1600px] lg:grid-cols-[16rem_minmax(0,1fr)] lg:gap-8 lg:px-4">
      <LessonSidebar lessons={moduleLessons().map(lessonMeta)} />
      <main id="main" className="min-w-0 px-4 py-8 lg:px-0">
        <nav aria-label="Breadcrumb" className="text-sm text-[var(--fg-soft)]">
          <Link href="/learn/module-05/resources" className="hover:underline">Resource library</Link> / {rel}
        </nav>
        <h1 className="mt-2 break-all font-mono text-2xl font-bold">{rel.split('/').pop()}</h1>
        <div className="mt-3 flex flex-wrap gap-4 text-sm">
          <a href={`/api/resources/${rel}`} download className="rounded-md border border-[var(--border)] px-3 py-1.5 hover:border-[var(--accent)]">
            Download
          </a>
          {usedBy.map((l) => (
            <Link key={l.slug} href={`/learn/module-05/${l.slug}`} className="py-1.5 text-[var(--accent)] hover:underline">
              Used in: {l.title}
            </Link>
          ))}
        </div>
        <HighlightedCode code={text} language={rel.endsWith('.md') ? 'text' : 'yaml'} title={rel} />
      </main>
    </div>
  );
}
