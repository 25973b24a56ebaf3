/**
 * Loads Module 5's lessons: lists the MDX files, validates their frontmatter, checks that
 * slugs, orders and referenced manifests are sound, and compiles MDX with mdx-bundler.
 * Everything a broken lesson can get wrong throws a ContentError naming the file, so
 * `next build` stops with a message an author can act on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ContentError } from './errors';
import { describeIssues, frontmatterSchema, type Frontmatter } from './frontmatter';
import { extractOutline, type OutlineItem } from './outline';
import { MODULE_DIR, RESOURCES_DIR } from './paths';

export interface LessonMeta extends Frontmatter {
  slug: string;
  file: string; // repo-relative, for messages
}

export interface Lesson extends LessonMeta {
  source: string; // MDX body without frontmatter
  bodyLine: number; // line of the file where the body starts, for error messages
  outline: OutlineItem[];
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
const FILE_NAME = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.mdx$/;

function relative(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

export function parseLessonFile(file: string, text: string, resourcesDir = RESOURCES_DIR): Lesson {
  const name = path.basename(file);
  const m = FILE_NAME.exec(name);
  if (!m) throw new ContentError(relative(file), 'file name must look like NN-some-slug.mdx (lower case, digits and dashes)');
  const fm = FRONTMATTER.exec(text);
  if (!fm) throw new ContentError(relative(file), 'missing frontmatter (a --- block at the top)');
  let raw: unknown;
  try {
    raw = parseYaml(fm[1], { maxAliasCount: 0 });
  } catch (err) {
    throw new ContentError(relative(file), `frontmatter is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = frontmatterSchema.safeParse(raw);
  if (!parsed.success) throw new ContentError(relative(file), `invalid frontmatter: ${describeIssues(parsed.error)}`);
  for (const manifest of parsed.data.manifests) {
    if (!fs.existsSync(path.join(resourcesDir, manifest.file))) {
      throw new ContentError(relative(file), `manifests: "${manifest.file}" does not exist under resources/`);
    }
  }
  const source = text.slice(fm[0].length);
  const bodyLine = fm[0].split('\n').length;
  return { ...parsed.data, slug: m[2], file: relative(file), source, bodyLine, outline: extractOutline(source) };
}

/** All lessons of a module directory, sorted by `order`; throws on duplicates. */
export function loadLessons(dir = MODULE_DIR, resourcesDir = RESOURCES_DIR): Lesson[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.mdx') && !f.startsWith('_'))
    .sort();
  const lessons = files.map((f) => parseLessonFile(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8'), resourcesDir));
  const bySlug = new Map<string, Lesson>();
  const byOrder = new Map<number, Lesson>();
  for (const lesson of lessons) {
    const sameSlug = bySlug.get(lesson.slug);
    if (sameSlug) throw new ContentError(lesson.file, `slug "${lesson.slug}" is also used by ${sameSlug.file}`);
    const sameOrder = byOrder.get(lesson.order);
    if (sameOrder) throw new ContentError(lesson.file, `order ${lesson.order} is also used by ${sameOrder.file}`);
    bySlug.set(lesson.slug, lesson);
    byOrder.set(lesson.order, lesson);
  }
  return lessons.sort((a, b) => a.order - b.order);
}

let cache: Lesson[] | undefined;

/** Lessons of Module 5, read once per process (content changes need a rebuild anyway). */
export function moduleLessons(): Lesson[] {
  if (!cache || process.env.NODE_ENV === 'development') cache = loadLessons();
  return cache;
}

export function lessonMeta(lesson: Lesson): LessonMeta {
  const { source: _source, outline: _outline, bodyLine: _bodyLine, ...meta } = lesson;
  return meta;
}

export function findLesson(slug: string): Lesson | undefined {
  return moduleLessons().find((l) => l.slug === slug);
}

export function neighbours(slug: string): { previous?: LessonMeta; next?: LessonMeta } {
  const all = moduleLessons();
  const i = all.findIndex((l) => l.slug === slug);
  return {
    previous: i > 0 ? lessonMeta(all[i - 1]) : undefined,
    next: i >= 0 && i < all.length - 1 ? lessonMeta(all[i + 1]) : undefined,
  };
}
