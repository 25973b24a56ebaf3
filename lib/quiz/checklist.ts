/**
 * The module's completion checklist (the list in the completion-checklist lesson), ticked from
 * evidence rather than from the learner's say-so: a lesson counts when it was read and its quiz
 * (if it has one) is passed; an exercise, challenge or project counts when its checked steps
 * have all passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MODULE_DIR } from '../content/paths';
import type { Section } from '../content/frontmatter';
import type { StepRecord } from '../learners/progress';
import type { QuizGrade } from './grade';

export interface ChecklistLink {
  slug: string;
  title: string;
}

export interface ChecklistEntry {
  text: string;
  links: ChecklistLink[];
}

const ITEM = /^- \[[ x]\] (.+?): (.*)$/;
const LINK = /\[([^\]]+)\]\(\/learn\/module-05\/([a-z0-9-]+)\)/g;

export class ChecklistError extends Error {
  constructor(readonly line: number, problem: string) {
    super(`completion checklist line ${line}: ${problem}`);
    this.name = 'ChecklistError';
  }
}

/** The `- [ ] skill: [Lesson](/learn/module-05/slug), ...` items of the checklist lesson. */
export function parseChecklist(text: string): ChecklistEntry[] {
  const out: ChecklistEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.startsWith('- [')) return;
    const m = ITEM.exec(line.trim());
    if (!m) throw new ChecklistError(i + 1, 'expected "- [ ] what you can do: [Lesson](/learn/module-05/slug), ..."');
    const links = [...m[2].matchAll(LINK)].map((l) => ({ title: l[1], slug: l[2] }));
    if (!links.length) throw new ChecklistError(i + 1, 'an item needs at least one lesson link as evidence');
    out.push({ text: m[1], links });
  });
  return out;
}

export const CHECKLIST_FILE = path.join(MODULE_DIR, '420-completion-checklist.mdx');

export function loadChecklist(file = CHECKLIST_FILE): ChecklistEntry[] {
  return parseChecklist(fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8'));
}

let cache: ChecklistEntry[] | undefined;

/** The module's checklist, read once per process like the quizzes (in development on every call, to see edits). */
export function moduleChecklist(): ChecklistEntry[] {
  if (!cache || process.env.NODE_ENV === 'development') cache = loadChecklist();
  return cache;
}

export type EvidenceStatus = 'done' | 'partial' | 'todo';

export interface LinkEvidence extends ChecklistLink {
  status: EvidenceStatus;
  /** In words, for the page: "read · quiz 80 %, passed". */
  detail: string;
}

export interface ChecklistItem {
  text: string;
  done: boolean;
  evidence: LinkEvidence[];
}

export interface Evidence {
  sections: ReadonlyMap<string, Section>;
  lessonsRead: ReadonlySet<string>;
  /** Quiz grade by the slug of the lesson the quiz belongs to. */
  quizzes: ReadonlyMap<string, QuizGrade>;
  steps: readonly StepRecord[];
}

const PRACTICE: readonly Section[] = ['exercises', 'challenges', 'project'];

function percent(f: number): string {
  return `${Math.round(f * 100)} %`;
}

function practiceEvidence(link: ChecklistLink, steps: readonly StepRecord[]): LinkEvidence {
  const mine = steps.filter((s) => s.exercise === link.slug);
  const passed = mine.filter((s) => s.passed);
  const helped = passed.filter((s) => s.solutionShown).length;
  if (!mine.length) return { ...link, status: 'todo', detail: 'no checks run yet' };
  const help = helped ? ` (${helped} with the solution shown)` : '';
  const detail = `${passed.length} of ${mine.length} checked step${mine.length === 1 ? '' : 's'} passed${help}`;
  return { ...link, status: passed.length === mine.length ? 'done' : 'partial', detail };
}

function lessonEvidence(link: ChecklistLink, read: boolean, quiz: QuizGrade | undefined): LinkEvidence {
  const parts = [read ? 'read' : 'not read yet'];
  if (quiz) parts.push(quiz.answered ? `quiz ${percent(quiz.fraction)}${quiz.passed ? ', passed' : ''}` : 'quiz not taken');
  const done = read && (!quiz || quiz.passed);
  const started = read || Boolean(quiz?.answered);
  return { ...link, status: done ? 'done' : started ? 'partial' : 'todo', detail: parts.join(' · ') };
}

export function tickChecklist(entries: ChecklistEntry[], evidence: Evidence): ChecklistItem[] {
  return entries.map((entry) => {
    const links = entry.links.map((link) =>
      PRACTICE.includes(evidence.sections.get(link.slug) ?? 'reference') ? practiceEvidence(link, evidence.steps) : lessonEvidence(link, evidence.lessonsRead.has(link.slug), evidence.quizzes.get(link.slug)),
    );
    return { text: entry.text, done: links.every((l) => l.status === 'done'), evidence: links };
  });
}
