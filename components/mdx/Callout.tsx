import type { ReactNode } from 'react';

const STYLES = {
  note: { label: 'Note', border: '#3b82f6' },
  tip: { label: 'Tip', border: '#16a34a' },
  warning: { label: 'Watch out', border: '#d97706' },
  danger: { label: 'Danger', border: '#dc2626' },
} as const;

export function Callout({ type = 'note', title, children }: { type?: keyof typeof STYLES; title?: string; children?: ReactNode }) {
  const style = STYLES[type] ?? STYLES.note;
  return (
    <aside role="note" aria-label={title ?? style.label} className="my-5 rounded-r-lg border-l-4 bg-[var(--bg-soft)] px-4 py-3" style={{ borderLeftColor: style.border }}>
      <p className="mb-1 text-sm font-semibold">
        {title ?? style.label}
      </p>
      <div className="text-[0.97rem] [&>*+*]:mt-2">{children}</div>
    </aside>
  );
}
