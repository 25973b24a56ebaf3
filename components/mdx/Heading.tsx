import type { ReactNode } from 'react';

type HeadingProps = { id?: string; children?: ReactNode };

/** A heading with a visible anchor link for deep links (ids come from rehype-slug). */
function anchored(Tag: 'h2' | 'h3') {
  function Heading({ id, children }: HeadingProps) {
    return (
      <Tag id={id}>
        {children}
        {id && <a href={`#${id}`} className="heading-anchor" aria-label="Link to this section">#</a>}
      </Tag>
    );
  }
  Heading.displayName = Tag.toUpperCase();
  return Heading;
}

export const H2 = anchored('h2');
export const H3 = anchored('h3');
