/**
 * Module 5's real content, checked like code: every lesson loads and compiles, every part of
 * the syllabus has its page, and internal links and tree references point at real lessons.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLesson } from './compile';
import { loadLessons } from './lessons';
import { loadModuleInfo } from './module';
import { MODULE_DIR } from './paths';
import { loadQuizzes } from '../quiz/load';

const lessons = loadLessons();
const slugs = new Set(lessons.map((l) => l.slug));

describe('Module 5 content', () => {
  it('has a page for every part of the syllabus', () => {
    const expected = [
      'workload-types', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs', 'init-containers', 'multi-container-patterns', 'scheduling', 'batch-processing',
      'exercise-5-1-daemonsets', 'exercise-5-2-statefulsets', 'exercise-5-3-jobs', 'exercise-5-4-cronjobs', 'exercise-5-5-container-patterns',
      'challenge-5-1-monitoring-stack', 'challenge-5-2-data-pipeline', 'challenge-5-3-system-services', 'project-microservices-platform',
      'troubleshooting', 'knowledge-check', 'completion-checklist', 'further-reading',
    ];
    expect(expected.filter((s) => !slugs.has(s))).toEqual([]);
  });

  it('loads the module metadata', () => {
    expect(loadModuleInfo().objectives.length).toBeGreaterThan(3);
  });

  it('asks all twelve knowledge-check questions of the syllabus', () => {
    // The questions live in the knowledge check's quiz file; the lesson embeds that quiz.
    const check = lessons.find((l) => l.slug === 'knowledge-check')!;
    expect(check.source).toContain('<Quiz id="knowledge-check"');
    expect(loadQuizzes().find((q) => q.id === 'knowledge-check')!.questions).toHaveLength(12);
  });

  it('links only to lessons that exist', () => {
    const broken: string[] = [];
    for (const lesson of lessons) {
      for (const m of lesson.source.matchAll(/\]\(\/learn\/module-05\/([a-z0-9-]+)(#[^)]*)?\)/g)) {
        if (!slugs.has(m[1]) && m[1] !== 'resources' && m[1] !== 'progress') broken.push(`${lesson.file}: /learn/module-05/${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('points the diagnostic tree at real lessons', () => {
    type Node = { lesson?: string; children?: Node[] };
    const tree = JSON.parse(fs.readFileSync(path.join(MODULE_DIR, '_diagnostic-tree.json'), 'utf8')) as Node;
    const refs: string[] = [];
    const walk = (n: Node) => {
      if (n.lesson) refs.push(n.lesson);
      n.children?.forEach(walk);
    };
    walk(tree);
    expect(refs.filter((r) => !slugs.has(r))).toEqual([]);
  });

  it('puts block components on their own line, never inside a paragraph (invalid HTML breaks hydration)', () => {
    const inline: string[] = [];
    for (const lesson of lessons) {
      lesson.source.split('\n').forEach((line, i) => {
        if (/\S.*<(ResourceFile|Callout|KnowledgeCheck|Steps|[A-Z][A-Za-z]*Diagram|DiagnosticTree)\b/.test(line)) inline.push(`${lesson.file}:${i + 1}`);
      });
    }
    expect(inline).toEqual([]);
  });

  it('compiles every lesson', async () => {
    for (const lesson of lessons) await expect(compileLesson(lesson), lesson.file).resolves.toContain('function');
  });
});
