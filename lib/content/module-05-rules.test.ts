/**
 * Rules that catch mistakes a reviewer found in module 5, checked over all of its content so
 * they cannot come back: cron days of the week Kubernetes refuses, the word "syllabus" in text
 * learners read, grep options busybox does not have, exercise pages whose steps differ from the
 * checked steps, and inline Jobs that clash with the resource file's Jobs of the same name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadExercises } from '../exercises/definitions';
import { objectsOf } from '../exercises/testing';
import { scriptsInMarkdown, scriptsInYaml } from '../k8s/sandbox/runtime/shell/content-scripts';
import { loadLessons } from './lessons';
import { MODULE_DIR, RESOURCES_DIR } from './paths';
import { readResource, resourceFiles } from './resources';
import type { KubeObject } from '../k8s/sandbox/types';

const lessons = loadLessons();
const resources = resourceFiles().map((rel) => ({ rel, text: readResource(rel) }));
const exercises = loadExercises();

// ---- cron day of week -------------------------------------------------------------------------

/**
 * Day-of-week values Kubernetes' cron parser (robfig/cron, standard five fields) refuses: it
 * knows 0-6 and SUN-SAT, so 7, which some other crons take for Sunday, is out of range.
 */
export function refusedDaysOfWeek(schedule: string): string[] {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return [];
  return fields[4].split(',').flatMap((part) => {
    const [range] = part.split('/');
    return range.split('-').filter((v) => /^\d+$/.test(v) && Number(v) > 6);
  });
}

/** Five-field schedules written in text: `"0 2 * * 7"`, `0 2 * * 7` in code spans, `schedule: ...`. */
function schedulesIn(text: string): string[] {
  const field = String.raw`[\d*/,\-A-Za-z]+`;
  const five = new RegExp(String.raw`(?:^|["'\x60\s])(${field}(?:[ \t]+${field}){4})(?=["'\x60]|$)`, 'gm');
  return [...text.matchAll(five)].map((m) => m[1]).filter((s) => /\d|\*/.test(s) && s.split(/\s+/).some((f) => f === '*' || /\d/.test(f)));
}

// ---- learner-facing text ----------------------------------------------------------------------

/** Quiz and exercise definitions as learners see them: their values, not the files' comments. */
function definitionTexts(): { where: string; text: string }[] {
  const dataDirs = ['quizzes', 'exercises'].map((d) => path.join(MODULE_DIR, d));
  return dataDirs.flatMap((dir) =>
    fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => ({ where: path.join(path.basename(dir), f), text: JSON.stringify(parseYaml(fs.readFileSync(path.join(dir, f), 'utf8'))) })),
  );
}

function learnerTexts(): { where: string; text: string }[] {
  return [
    ...lessons.map((l) => ({ where: l.file, text: `${l.title}\n${l.summary}\n${l.objectives.join('\n')}\n${l.source}` })),
    ...resources.map((r) => ({ where: `resources/${r.rel}`, text: r.text })),
    ...definitionTexts(),
  ];
}

// ---- busybox grep -----------------------------------------------------------------------------

/** busybox 1.36 grep: `grep [-HhnlLoqvsrRiwFExzc] [-m N] [-A|B|C N] {PATTERN | -e PATTERN | -f FILE}`. */
const BUSYBOX_GREP_FLAGS = new Set('HhnlLoqvsrRiwFExzc'.split(''));
const BUSYBOX_GREP_WITH_VALUE = new Set('mABCef'.split(''));

/** Options of each grep in a shell text that busybox's grep would refuse. */
export function nonBusyboxGrepOptions(script: string): string[] {
  const out: string[] = [];
  for (const m of script.matchAll(/(?:^|[|;&(`]|\$\()\s*grep((?:\s+-\S+)*)/gm)) {
    const words = m[1].trim().split(/\s+/).filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w === '--') break;
      if (w.startsWith('--')) {
        out.push(w);
        continue;
      }
      for (const [j, ch] of [...w.slice(1)].entries()) {
        if (BUSYBOX_GREP_WITH_VALUE.has(ch)) {
          // The value is the rest of this word or the next word.
          if (j === w.length - 2) i++;
          break;
        }
        if (!BUSYBOX_GREP_FLAGS.has(ch) && !/\d/.test(ch)) out.push(`-${ch}`);
      }
    }
  }
  return out;
}

function bashBlocks(source: string): string[] {
  return [...source.matchAll(/```(?:bash|sh|shell)[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]);
}

// ---- exercise pages ---------------------------------------------------------------------------

function stepTitles(source: string): string[] {
  return [...source.matchAll(/<Step title="([^"]+)">/g)].map((m) => m[1]);
}

function inlineObjects(source: string): KubeObject[] {
  return [...source.matchAll(/```ya?ml[^\n]*\n([\s\S]*?)```/g)].flatMap((m) => {
    try {
      return objectsOf(m[1]).filter((o) => o && typeof o === 'object' && typeof o.kind === 'string');
    } catch {
      return [];
    }
  });
}

describe('module 5 content rules', () => {
  it('knows which cron days of the week Kubernetes refuses', () => {
    expect(refusedDaysOfWeek('0 0 * * 7')).toEqual(['7']);
    expect(refusedDaysOfWeek('0 0 * * 5-7')).toEqual(['7']);
    expect(refusedDaysOfWeek('0 0 * * 1-5')).toEqual([]);
    expect(refusedDaysOfWeek('0 0 * * SUN,SAT')).toEqual([]);
    expect(schedulesIn('Sundays: `"0 0 * * 7"` and `30 6 * * 1-5`.')).toEqual(['0 0 * * 7', '30 6 * * 1-5']);
  });

  it('never writes a cron schedule with a day of the week Kubernetes refuses, nor calls 7 Sunday', () => {
    const bad: string[] = [];
    for (const { where, text } of learnerTexts()) {
      for (const s of schedulesIn(text)) if (refusedDaysOfWeek(s).length) bad.push(`${where}: "${s}"`);
      if (/\b7 (?:is|=|for) Sunday|or 7 is Sunday/i.test(text)) bad.push(`${where}: calls 7 Sunday`);
    }
    for (const r of resources.filter((x) => /\.ya?ml$/.test(x.rel))) {
      for (const o of objectsOf(r.text)) {
        const schedule = (o.spec as { schedule?: string } | undefined)?.schedule;
        if (o.kind === 'CronJob' && schedule && refusedDaysOfWeek(schedule).length) bad.push(`resources/${r.rel}: CronJob ${o.metadata.name} "${schedule}"`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('never says "syllabus" in text learners read (lessons, resource files, quiz and exercise texts)', () => {
    expect(learnerTexts().filter((t) => /syllab/i.test(t.text)).map((t) => t.where)).toEqual([]);
  });

  it('knows which grep options busybox refuses', () => {
    expect(nonBusyboxGrepOptions('tail -F x | grep --line-buffered -v healthz')).toEqual(['--line-buffered']);
    expect(nonBusyboxGrepOptions('grep -A3 Events: && grep -oE "[0-9]+" f | grep -P x')).toEqual(['-P']);
    expect(nonBusyboxGrepOptions('grep -m 2 -e a -v f')).toEqual([]);
  });

  it('uses only grep options busybox has, in container scripts and in the commands lessons give', () => {
    const scripts = [
      ...resources.filter((r) => /\.ya?ml$/.test(r.rel)).flatMap((r) => scriptsInYaml(r.text, `resources/${r.rel}`)),
      ...lessons.flatMap((l) => scriptsInMarkdown(l.source, l.file)),
    ].map((s) => ({ where: `${s.source} ${s.container}`, text: s.script }));
    const commands = lessons.flatMap((l) => bashBlocks(l.source).map((text) => ({ where: l.file, text })));
    const bad = [...scripts, ...commands].flatMap(({ where, text }) => nonBusyboxGrepOptions(text).map((o) => `${where}: grep ${o}`));
    expect(bad).toEqual([]);
  });

  it('gives each exercise page the same steps, with the same titles, as its checked steps', () => {
    const mismatched: string[] = [];
    for (const def of exercises.filter((d) => d.exercise.startsWith('exercise-'))) {
      const page = lessons.find((l) => l.source.includes(`<Exercise id="${def.exercise}"`));
      if (!page) {
        mismatched.push(`${def.exercise}: no page embeds it`);
        continue;
      }
      const onPage = stepTitles(page.source);
      const checked = def.steps.map((s) => s.title);
      if (!isDeepStrictEqual(onPage, checked)) mismatched.push(`${page.file}: page steps ${JSON.stringify(onPage)} vs checked steps ${JSON.stringify(checked)}`);
    }
    expect(mismatched).toEqual([]);
  });

  it('writes out a Job inline only as the same Job its resource file creates, since a Job\'s template cannot change', () => {
    const clashes: string[] = [];
    for (const lesson of lessons) {
      const fileObjects = (lesson.manifests ?? []).flatMap((m) => objectsOf(readResource(m.file)).map((o) => ({ file: m.file, o })));
      for (const inline of inlineObjects(lesson.source).filter((o) => o.kind === 'Job')) {
        const same = fileObjects.find(({ o }) => o.kind === 'Job' && o.metadata.name === inline.metadata.name);
        if (same && !isDeepStrictEqual(same.o.spec, inline.spec)) clashes.push(`${lesson.file}: Job ${inline.metadata.name} differs from the one in ${same.file}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('keeps every resource manifest parseable YAML', () => {
    const broken = resources.filter((r) => /\.ya?ml$/.test(r.rel)).flatMap((r) => parseAllDocuments(r.text).flatMap((d) => d.errors.map((e) => `resources/${r.rel}: ${e.message}`)));
    expect(broken).toEqual([]);
    expect(fs.existsSync(RESOURCES_DIR)).toBe(true);
  });
});
