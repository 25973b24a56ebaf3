import type { ReactNode } from 'react';

type HeadingProps = { id?: string; children?: ReactNode };

/** A heading with a visible anchor link for deep links (ids come from rehype-slug). */
function anchored(Tag: 'h2' | 'h3') {
  function Heading({ id, children }: HeadingProps) {
    return (
      <Tag id={id}>
        {children}
        {/* A space, not only a margin, before the anchor: a line may break there, so a heading
            ending in a long word does not push the "#" past a phone's edge. */}
        {id && ' '}
        {id && <a href={`#${id}`} className="heading-anchor" aria-label="Link to this section">#</a>}
      </Tag>
    );
  }
  Heading.displayName = Tag.toUpperCase();
  return Heading;
}

export const H2 = anchored('h2');
export const H3 = anchored('h3');
