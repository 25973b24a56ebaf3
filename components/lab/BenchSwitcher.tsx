'use client';

/**
 * The bench's pane switcher below the lesson (phones, tablets): Editor, Cluster, Terminal,
 * Logs, one at a time. It sticks under the site header while the bench scrolls past, so
 * another pane is always one tap away. ←/→ move between panes, as in any tab list.
 */
import { useRef } from 'react';
import type { PhonePane } from './bench-layout';

const PANES: PhonePane[] = ['editor', 'cluster', 'terminal', 'logs'];

export function BenchSwitcher({ pane, labels, onChoose }: { pane: PhonePane; labels: Record<PhonePane, string>; onChoose(pane: PhonePane): void }) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = PANES[(PANES.indexOf(pane) + (e.key === 'ArrowRight' ? 1 : PANES.length - 1)) % PANES.length];
    onChoose(next);
    list.current?.querySelector<HTMLButtonElement>(`[data-pane="${next}"]`)?.focus();
  };
  return (
    <div ref={list} role="tablist" aria-label="Bench panes" onKeyDown={onKeyDown} className="sticky top-14 z-20 -mx-3 grid grid-cols-4 gap-1 border-b border-[var(--border)] bg-[var(--bg-soft)] px-3 py-1.5">
      {PANES.map((p) => (
        <button
          key={p}
          type="button"
          role="tab"
          data-pane={p}
          aria-selected={pane === p}
          tabIndex={pane === p ? 0 : -1}
          onClick={() => onChoose(p)}
          className={`rounded-md px-1 py-1.5 text-sm font-medium ${pane === p ? 'bg-[var(--accent)] text-[var(--accent-fg)]' : 'text-[var(--fg-soft)] hover:bg-[var(--accent-soft)] hover:text-[var(--fg)]'}`}
        >
          {labels[p]}
        </button>
      ))}
    </div>
  );
}
