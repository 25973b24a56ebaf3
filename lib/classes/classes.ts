/**
 * Classes on one portal: a name, optional start and end dates, and a join code for the slide.
 * A learner belongs to one class at a time (class_members keyed by learner): joining another
 * moves them. Names are plain text (normaliseDisplayName's rules), rendered escaped.
 */
import { randomBytes } from 'node:crypto';
import type { LearnerDb } from '../learners/db';
import { DisplayNameError, normaliseDisplayName, setDisplayName } from '../learners/display-name';
import { JOIN_CODE_LENGTH, normaliseCode, randomCode } from './codes';
import { ClassInputError, UnknownClassError, UnknownJoinCodeError } from './errors';

export const MAX_CLASSES = 200;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLASS_ID = /^[a-z0-9]{12}$/;

export interface ClassRecord {
  id: string;
  name: string;
  code: string;
  startsOn: string | null;
  endsOn: string | null;
  createdAt: string;
  members: number;
}

interface ClassRow {
  id: string;
  name: string;
  code: string;
  starts_on: string | null;
  ends_on: string | null;
  created_at: string;
  members: number;
}

const toRecord = (r: ClassRow): ClassRecord => ({ id: r.id, name: r.name, code: r.code, startsOn: r.starts_on, endsOn: r.ends_on, createdAt: r.created_at, members: r.members });

const SELECT = 'SELECT c.id, c.name, c.code, c.starts_on, c.ends_on, c.created_at, (SELECT COUNT(*) FROM class_members m WHERE m.class_id = c.id) AS members FROM classes c';

function optionalDate(field: string, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new ClassInputError(field, 'expected a date as YYYY-MM-DD, or nothing');
  return value;
}

function className(value: unknown): string {
  if (typeof value !== 'string') throw new ClassInputError('name', 'expected the class name as text');
  try {
    const name = normaliseDisplayName(value);
    if (!name) throw new ClassInputError('name', 'a class needs a name');
    return name;
  } catch (err) {
    if (err instanceof DisplayNameError) throw new ClassInputError('name', err.message.replace(/^display name/, 'class name'));
    throw err;
  }
}

export function createClass(db: LearnerDb, input: { name?: unknown; startsOn?: unknown; endsOn?: unknown }, now = new Date()): ClassRecord {
  const name = className(input.name);
  const startsOn = optionalDate('startsOn', input.startsOn);
  const endsOn = optionalDate('endsOn', input.endsOn);
  if (startsOn && endsOn && endsOn < startsOn) throw new ClassInputError('endsOn', 'the class ends before it starts');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM classes').get()!.n;
  if (count >= MAX_CLASSES) throw new ClassInputError('name', `this portal holds ${MAX_CLASSES} classes, the most allowed`);
  const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  // A code already taken is drawn again (23^6 codes, a few hundred classes: rarely more than once).
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = randomCode(JOIN_CODE_LENGTH);
    const taken = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM classes WHERE code = ?').get(code);
    if (taken) continue;
    db.prepare('INSERT INTO classes (id, name, code, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, name, code, startsOn, endsOn, now.toISOString());
    return classById(db, id);
  }
  throw new Error('could not draw a free join code in 20 attempts');
}

export function listClasses(db: LearnerDb): ClassRecord[] {
  return db.prepare<[], ClassRow>(`${SELECT} ORDER BY c.created_at DESC, c.id`).all().map(toRecord);
}

export function classById(db: LearnerDb, id: string): ClassRecord {
  const row = CLASS_ID.test(id) ? db.prepare<[string], ClassRow>(`${SELECT} WHERE c.id = ?`).get(id) : undefined;
  if (!row) throw new UnknownClassError(id);
  return toRecord(row);
}

/** The class of a typed join code, or UnknownJoinCodeError (the caller counts the guess). */
export function classByCode(db: LearnerDb, input: unknown): ClassRecord {
  const code = normaliseCode(input, JOIN_CODE_LENGTH);
  const row = code ? db.prepare<[string], ClassRow>(`${SELECT} WHERE c.code = ?`).get(code) : undefined;
  if (!row) throw new UnknownJoinCodeError();
  return toRecord(row);
}

/** The learner joins (or moves to) the class under the name they picked. Their row must exist. */
export function joinClass(db: LearnerDb, learnerId: string, classId: string, name: unknown, now = new Date()): { name: string } {
  if (typeof name !== 'string') throw new ClassInputError('name', 'expected your name as text');
  let chosen: string | undefined;
  try {
    chosen = normaliseDisplayName(name);
  } catch (err) {
    if (err instanceof DisplayNameError) throw new ClassInputError('name', err.message.replace(/^display name/, 'name'));
    throw err;
  }
  if (!chosen) throw new ClassInputError('name', 'pick the name your instructor will see');
  db.transaction(() => {
    setDisplayName(db, learnerId, chosen);
    db.prepare('INSERT INTO class_members (learner_id, class_id, joined_at) VALUES (?, ?, ?) ON CONFLICT(learner_id) DO UPDATE SET class_id = excluded.class_id, joined_at = excluded.joined_at')
      .run(learnerId, classId, now.toISOString());
  })();
  return { name: chosen };
}

export function classOfLearner(db: LearnerDb, learnerId: string): ClassRecord | undefined {
  const row = db.prepare<[string], ClassRow>(`${SELECT} JOIN class_members j ON j.class_id = c.id WHERE j.learner_id = ?`).get(learnerId);
  return row ? toRecord(row) : undefined;
}

export function membersOf(db: LearnerDb, classId: string): string[] {
  return db.prepare<[string], { learner_id: string }>('SELECT learner_id FROM class_members WHERE class_id = ? ORDER BY joined_at, learner_id').all(classId).map((r) => r.learner_id);
}

export function isMember(db: LearnerDb, classId: string, learnerId: unknown): learnerId is string {
  if (typeof learnerId !== 'string' || !/^[0-9a-f]{32}$/.test(learnerId)) return false;
  return db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM class_members WHERE class_id = ? AND learner_id = ?').get(classId, learnerId) !== undefined;
}

/** KUBELAB_REQUIRE_CLASS=1: the lab opens only for learners in a class. */
export function classRequired(env: Record<string, string | undefined> = process.env): boolean {
  return env.KUBELAB_REQUIRE_CLASS === '1';
}
