/**
 * The documents the header search looks through: one per lesson section (the text between
 * two h2/h3 headings), so a hit links straight to the heading. Built at build time.
 */
import GithubSlugger from 'github-slugger';
import type { Lesson } from './lessons';
import { headingText } from './outline';

export interface SearchDoc {
  id: string;
  slug: string;
  lesson: string;
  heading: string;
  anchor: string;
  text: string;
}

/** Prose of MDX without code blocks, JSX tags and Markdown punctuation. */
export function plainText(mdx: string): string {
  return mdx
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[`*_#>|[\]()-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function searchDocs(lessons: Lesson[]): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const lesson of lessons) {
    const slugger = new GithubSlugger();
    let heading = lesson.title;
    let anchor = '';
    let buffer: string[] = [];
    let fence = false;
    const flush = () => {
      docs.push({ id: `${lesson.slug}#${anchor}`, slug: lesson.slug, lesson: lesson.title, heading, anchor, text: plainText(buffer.join('\n')).slice(0, 4000) });
      buffer = [];
    };
    buffer.push(lesson.summary);
    for (const line of lesson.source.split('\n')) {
      if (/^\s*```/.test(line)) fence = !fence;
      const h = !fence && /^(#{1,6})\s+(.+?)\s*$/.exec(line);
      if (h) {
        const text = headingText(h[2]);
        const id = slugger.slug(text);
        if (h[1].length === 2 || h[1].length === 3) {
          flush();
          heading = text;
          anchor = id;
          continue;
        }
      }
      buffer.push(line);
    }
    flush();
  }
  return docs;
}
