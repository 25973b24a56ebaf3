/** Compiles a lesson's MDX on the server (mdx-bundler + GFM + heading ids), cached per slug. */
import { bundleMDX } from 'mdx-bundler';
import remarkGfm from 'remark-gfm';
import rehypeSlug from 'rehype-slug';
import { ContentError } from './errors';
import type { Lesson } from './lessons';

const compiled = new Map<string, Promise<string>>();

export function compileLesson(lesson: Lesson): Promise<string> {
  let pending = compiled.get(lesson.file);
  if (!pending) {
    pending = bundleMDX({
      source: lesson.source,
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
        options.rehypePlugins = [...(options.rehypePlugins ?? []), rehypeSlug];
        return options;
      },
    }).then(
      (r) => r.code,
      (err: unknown) => {
        const e = err as { errors?: { text: string; location?: { line: number; column: number } }[]; message?: string };
        const first = e.errors?.[0];
        const where = first?.location ? ` (line ${first.location.line}, column ${first.location.column})` : '';
        throw new ContentError(lesson.file, `MDX does not compile${where}: ${first?.text ?? e.message ?? String(err)}`);
      },
    );
    compiled.set(lesson.file, pending);
  }
  return pending;
}
