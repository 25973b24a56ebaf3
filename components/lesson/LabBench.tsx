import Link from 'next/link';
import type { LessonMeta } from '@/lib/content/lessons';

/**
 * The lab bench's place beside every lesson. The YAML editor, apply, live cluster views and
 * terminal arrive here (a later issue); the layout already reserves the column so lessons
 * do not reflow when it does. For now it offers the lesson's manifests.
 */
export function LabBench({ lesson }: { lesson: LessonMeta }) {
  return (
    <aside aria-label="Lab bench" className="rounded-xl border-2 border-dashed border-[var(--border)] bg-[var(--bg-soft)] p-4">
      <p className="text-sm font-semibold">Lab bench</p>
      <p className="mt-1 text-sm text-[var(--fg-soft)]">
        Coming to this panel: a Kubernetes-aware YAML editor, Apply to your own sandbox cluster, live pods, Jobs and events, and a
        terminal for kubectl.
      </p>
      {lesson.manifests.length > 0 ? (
        <>
          <p className="mt-4 text-xs font-semibold uppercase tracking-wide text-[var(--fg-soft)]">Manifests for this lesson</p>
          <ul className="mt-2 space-y-1.5 text-sm">
            {lesson.manifests.map((m) => (
              <li key={m.file}>
                <Link href={`/learn/module-05/resources/${m.file}`} className="text-[var(--accent)] underline-offset-2 hover:underline">
                  {m.title}
                </Link>
                <span className="block font-mono text-xs text-[var(--fg-soft)]">{m.file}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-4 text-sm text-[var(--fg-soft)]">This lesson has no manifests of its own.</p>
      )}
    </aside>
  );
}
