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
        // esbuild wraps the MDX compiler's message: the useful words are in detail or notes.
        type EsbuildMessage = { text: string; detail?: { message?: string; reason?: string; line?: number; column?: number }; notes?: { text: string }[]; location?: { line: number; column: number } };
        const e = err as { errors?: EsbuildMessage[]; message?: string };
        const first = e.errors?.[0];
        const reason = [first?.detail?.reason, first?.detail?.message, ...(first?.notes ?? []).map((n) => n.text)].filter(Boolean).join(' ');
        const line = first?.detail?.line ?? first?.location?.line;
        const where = line ? ` (line ${line + lesson.bodyLine - 1})` : '';
        const words = `${first?.text ?? ''} ${reason}`.trim() || e.message || String(err);
        const cleaned = words
          .replace(/Cannot process MDX file with esbuild:?/g, '')
          .replace(/\b\d+:\d+-\d+:\d+:?\s*/g, '') // body-relative positions; the line above is the file's
          .replace(/\s+/g, ' ')
          .trim();
        throw new ContentError(lesson.file, `MDX does not compile${where}: ${cleaned}`);
      },
    );
    compiled.set(lesson.file, pending);
  }
  return pending;
}
