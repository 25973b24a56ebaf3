'use client';
/**
 * Marks the lesson read when its end (this marker, placed before the previous/next links)
 * comes into view, once per page view. Also offers the same as a button, for learners who
 * jump around with the keyboard or never scroll to the bottom.
 */
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { reportSessionLost } from '@/components/layout/session-lost';

type State = 'unread' | 'saving' | 'read' | 'failed';

async function markRead(lesson: string): Promise<void> {
  const res = await fetch('/api/progress', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson }) });
  if (!res.ok) reportSessionLost(res.status, ((await res.json().catch(() => ({}))) as { message?: string }).message);
  if (!res.ok) throw new Error(`the portal answered ${res.status}`);
}

export function LessonReadMarker({ lesson }: { lesson: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>('unread');
  const sent = useRef(false);

  const mark = () => {
    if (sent.current) return;
    sent.current = true;
    setState('saving');
    markRead(lesson).then(
      () => setState('read'),
      () => {
        sent.current = false;
        setState('failed');
      },
    );
  };

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        mark();
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
    // mark is stable enough: it only reads refs and the lesson prop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lesson]);

  return (
    <div ref={ref} className="mt-10 flex flex-wrap items-center gap-3 text-sm text-[var(--fg-soft)]" data-lesson-read={state}>
      {state === 'read' ? (
        <p role="status">
          <span className="font-semibold text-[var(--ok)]">✓ Lesson marked as read.</span> See your <Link href="/learn/module-05/progress" className="text-[var(--accent)] underline">progress</Link>.
        </p>
      ) : (
        <>
          <button type="button" onClick={mark} disabled={state === 'saving'} className="rounded-md border border-[var(--border)] px-3 py-1.5 font-medium text-[var(--fg)] hover:border-[var(--accent)] disabled:opacity-60">
            {state === 'saving' ? 'Saving…' : 'Mark as read'}
          </button>
          {state === 'failed' && <p role="alert" className="text-[var(--danger)]">Could not save; try the button again.</p>}
        </>
      )}
    </div>
  );
}
