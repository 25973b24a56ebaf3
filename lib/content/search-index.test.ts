import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLessons } from './lessons';
import { plainText, searchDocs } from './search-index';

describe('searchDocs', () => {
  it('makes one document per section, linked to its heading', () => {
    const lessons = loadLessons(path.join(__dirname, 'fixtures', 'good'), path.join(__dirname, 'fixtures', 'resources'));
    const docs = searchDocs(lessons);
    expect(docs.filter((d) => d.slug === 'first-steps').map((d) => [d.heading, d.anchor])).toEqual([
      ['First steps', ''],
      ['Why it matters', 'why-it-matters'],
      ['A code detail', 'a-code-detail'],
      ['Why it matters', 'why-it-matters-1'],
    ]);
  });

  it('drops code and tags from the indexed text', () => {
    expect(plainText('Hello <Callout type="tip">there</Callout>\n```yaml\nkind: Pod\n```\n**bold**')).toBe('Hello there bold');
  });
});
