'use client';

/** xterm.js loads only when the learner opens the terminal. */
import dynamic from 'next/dynamic';

export const LazyTerminal = dynamic<{ className?: string }>(() => import('./Terminal'), {
  ssr: false,
  loading: () => <div className="flex h-72 items-center justify-center rounded-md border border-[var(--border)] text-sm text-[var(--fg-soft)]">Loading the terminal…</div>,
});
