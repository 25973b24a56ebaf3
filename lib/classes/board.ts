/**
 * One row per learner of a class for the live board: the lesson they are on (the latest of a
 * lesson read and an exercise checked), the exercise step they are at and its last failing
 * check message, when they last did something, and the pods in trouble in their cluster (only
 * for a cluster that is awake: the board never wakes a sleeping class).
 */
import type { LearnerDb } from '../learners/db';
import type { PodHealth } from '../instructor/pod-health';
import { lastCheckOf } from './last-check';

export interface BoardRow {
  id: string;
  name: string;
  /** Slug of the lesson they are on, if any. */
  lesson: string | null;
  exercise: string | null;
  /** First step not passed at their last check; null when all passed or never checked. */
  step: string | null;
  message: string | null;
  checkedAt: string | null;
  stepsPassed: number;
  lastSeenAt: string;
  pods: number | null;
  problems: string[];
}

export interface BoardSource {
  db: LearnerDb;
  clusterHealth?: (learnerId: string) => PodHealth | undefined;
}

interface LearnerBasics {
  id: string;
  display_name: string | null;
  last_seen_at: string;
}

export function boardRow(src: BoardSource, learnerId: string): BoardRow | undefined {
  const { db } = src;
  const l = db.prepare<[string], LearnerBasics>('SELECT id, display_name, last_seen_at FROM learners WHERE id = ?').get(learnerId);
  if (!l) return undefined;
  const read = db.prepare<[string], { lesson: string; last_read_at: string }>('SELECT lesson, last_read_at FROM lesson_reads WHERE learner_id = ? ORDER BY last_read_at DESC LIMIT 1').get(learnerId);
  const check = lastCheckOf(db, learnerId);
  const stepsPassed = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM exercise_steps WHERE learner_id = ? AND passed = 1').get(learnerId)!.n;
  const lesson = check && (!read || check.checkedAt >= read.last_read_at) ? check.exercise : (read?.lesson ?? null);
  const health = src.clusterHealth?.(learnerId);
  return {
    id: l.id,
    name: l.display_name ?? `learner ${l.id.slice(0, 8)}`,
    lesson,
    exercise: check?.exercise ?? null,
    step: check?.step ?? null,
    message: check?.message ?? null,
    checkedAt: check?.checkedAt ?? null,
    stepsPassed,
    lastSeenAt: l.last_seen_at,
    pods: health?.pods ?? null,
    problems: health?.problems ?? [],
  };
}

export function boardRows(src: BoardSource, classId: string): BoardRow[] {
  const ids = src.db.prepare<[string], { learner_id: string }>('SELECT learner_id FROM class_members WHERE class_id = ? ORDER BY joined_at, learner_id').all(classId);
  return ids.map((r) => boardRow(src, r.learner_id)).filter((r): r is BoardRow => r !== undefined);
}

/** Rows as the board filters them: stuck longer than N minutes (no action since), failing step X. */
export interface BoardFilter {
  stuckMinutes?: number;
  failingStep?: string;
}

export function filterRows(rows: BoardRow[], filter: BoardFilter, now: number): BoardRow[] {
  return rows.filter((r) => {
    if (filter.stuckMinutes !== undefined && now - Date.parse(r.lastSeenAt) < filter.stuckMinutes * 60_000) return false;
    if (filter.failingStep && `${r.exercise}/${r.step}` !== filter.failingStep) return false;
    return true;
  });
}

export type BoardSort = 'name' | 'idle' | 'progress' | 'trouble';

export function sortRows(rows: BoardRow[], sort: BoardSort): BoardRow[] {
  const by: Record<BoardSort, (a: BoardRow, b: BoardRow) => number> = {
    name: (a, b) => a.name.localeCompare(b.name),
    // Longest without an action first: who may be stuck.
    idle: (a, b) => a.lastSeenAt.localeCompare(b.lastSeenAt),
    progress: (a, b) => a.stepsPassed - b.stepsPassed,
    trouble: (a, b) => b.problems.length - a.problems.length,
  };
  return [...rows].sort((a, b) => by[sort](a, b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
