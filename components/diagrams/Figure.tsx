import type { ReactNode } from 'react';

/** Frame shared by all diagrams: an accessible SVG with a title, a description and a caption. */
export function Figure({ id, title, description, caption, viewBox, children, minWidth }: {
  id: string;
  title: string;
  description: string;
  caption: ReactNode;
  viewBox: string;
  children: ReactNode;
  /** Below this width the SVG scrolls sideways instead of shrinking text to illegibility. */
  minWidth?: number;
}) {
  return (
    <figure className="dg not-prose my-6">
      <div tabIndex={0} role="group" aria-label={title} className="overflow-x-auto rounded-lg border border-[var(--border)] bg-[var(--dg-bg)] p-3">
        <svg viewBox={viewBox} role="img" aria-labelledby={`${id}-title ${id}-desc`} style={minWidth ? { minWidth } : undefined}>
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          <defs>
            <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill="var(--dg-line)" />
            </marker>
          </defs>
          {children}
        </svg>
      </div>
      <figcaption className="mt-2 text-sm text-[var(--dg-muted)]">{caption}</figcaption>
    </figure>
  );
}
