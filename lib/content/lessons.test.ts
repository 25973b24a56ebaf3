import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from './errors';
import { loadLessons, parseLessonFile } from './lessons';

const fixtures = path.join(__dirname, 'fixtures');
const resources = path.join(fixtures, 'resources');

describe('loadLessons', () => {
  it('reads lessons sorted by order with slugs from file names', () => {
    const lessons = loadLessons(path.join(fixtures, 'good'), resources);
    expect(lessons.map((l) => [l.slug, l.order])).toEqual([['first-steps', 10], ['second', 20]]);
    expect(lessons[0].manifests).toEqual([{ title: 'Demo', file: 'demo/demo.yaml' }]);
    expect(lessons[1].manifests).toEqual([]);
  });

  it('builds an outline of h2 and h3 headings with unique ids, ignoring code blocks', () => {
    const [first] = loadLessons(path.join(fixtures, 'good'), resources);
    expect(first.outline).toEqual([
      { depth: 2, text: 'Why it matters', id: 'why-it-matters' },
      { depth: 3, text: 'A code detail', id: 'a-code-detail' },
      { depth: 2, text: 'Why it matters', id: 'why-it-matters-1' },
    ]);
  });

  it('names the file and every bad field when frontmatter is invalid', () => {
    expect(() => loadLessons(path.join(fixtures, 'broken-frontmatter'), resources)).toThrow(ContentError);
    try {
      loadLessons(path.join(fixtures, 'broken-frontmatter'), resources);
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('10-bad.mdx');
      expect(message).toContain('order:');
      expect(message).toContain('section:');
      expect(message).toContain('objectives:');
    }
  });

  it('rejects two lessons with the same order', () => {
    expect(() => loadLessons(path.join(fixtures, 'dup'), resources)).toThrow(/order 20 is also used by/);
  });

  it('rejects a manifest that does not exist in the resource library', () => {
    const text = '---\ntitle: T\norder: 1\nsection: theory\nsummary: A summary here.\nobjectives: [x y]\nestimatedMinutes: 1\nmanifests:\n  - title: Gone\n    file: nope/missing.yaml\n---\n';
    expect(() => parseLessonFile('10-t.mdx', text, resources)).toThrow(/"nope\/missing.yaml" does not exist/);
  });

  it('rejects a file without frontmatter or with a bad name', () => {
    expect(() => parseLessonFile('10-t.mdx', '# no frontmatter', resources)).toThrow(/missing frontmatter/);
    expect(() => parseLessonFile('Lesson One.mdx', '---\n---\n', resources)).toThrow(/file name must look like/);
  });
});

describe('compileLesson', () => {
  it('names the file, the line in the file and the reason when MDX does not compile', async () => {
    const { compileLesson } = await import('./compile');
    const text = '---\ntitle: T\norder: 1\nsection: theory\nsummary: A summary here.\nobjectives: [x y]\nestimatedMinutes: 1\n---\n\nSome text.\n\n<Callout type="tip">never closed\n';
    const lesson = parseLessonFile('10-broken.mdx', text, resources);
    await expect(compileLesson(lesson)).rejects.toThrow(/^10-broken\.mdx: MDX does not compile \(line 1[0-9]\): .*Callout/);
  });
});
