/**
 * The "On this page" outline: h2 and h3 headings of a lesson, with the same ids rehype-slug
 * gives them (both use github-slugger), skipping fenced code blocks.
 */
import GithubSlugger from 'github-slugger';

export interface OutlineItem {
  depth: 2 | 3;
  text: string;
  id: string;
}

export function headingText(markdown: string): string {
  return markdown
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/\*([^*]*)\*/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();
}

export function extractOutline(mdx: string): OutlineItem[] {
  const slugger = new GithubSlugger();
  const items: OutlineItem[] = [];
  let fence: string | null = null;
  for (const line of mdx.split('\n')) {
    const f = /^\s*(```+|~~~+)/.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence) continue;
    const h = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const text = headingText(h[2]);
    const id = slugger.slug(text);
    if (h[1].length === 2 || h[1].length === 3) items.push({ depth: h[1].length as 2 | 3, text, id });
  }
  return items;
}
