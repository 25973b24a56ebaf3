import Link from 'next/link';
import type { LessonMeta } from '@/lib/content/lessons';

export function PrevNext({ previous, next }: { previous?: LessonMeta; next?: LessonMeta }) {
  return (
    <nav aria-label="Previous and next lesson" className="mt-12 grid gap-3 border-t border-[var(--border)] pt-6 sm:grid-cols-2">
      {previous ? (
        <Link href={`/learn/module-05/${previous.slug}`} rel="prev" className="rounded-lg border border-[var(--border)] p-3 hover:border-[var(--accent)]">
          <span className="block text-xs text-[var(--fg-soft)]">Previous</span>
          <span className="font-medium">{previous.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {next && (
        <Link href={`/learn/module-05/${next.slug}`} rel="next" className="rounded-lg border border-[var(--border)] p-3 text-right hover:border-[var(--accent)]">
          <span className="block text-xs text-[var(--fg-soft)]">Next</span>
          <span className="font-medium">{next.title}</span>
        </Link>
      )}
    </nav>
  );
}
