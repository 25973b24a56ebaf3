import type { ReactNode } from 'react';

/** h2/h3 with a visible anchor link for deep links (ids come from rehype-slug). */
export function H2({ id, children }: { id?: string; children?: ReactNode }) {
  return (
    <h2 id={id}>
      {children}
      {id && <a href={`#${id}`} className="heading-anchor" aria-label="Link to this section">#</a>}
    </h2>
  );
}

export function H3({ id, children }: { id?: string; children?: ReactNode }) {
  return (
    <h3 id={id}>
      {children}
      {id && <a href={`#${id}`} className="heading-anchor" aria-label="Link to this section">#</a>}
    </h3>
  );
}
