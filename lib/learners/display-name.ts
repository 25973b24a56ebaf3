/**
 * The name a learner chooses to be shown under in the instructor's class overview. Learners
 * are anonymous (a cookie) until class accounts exist; without a name the overview shows the
 * first characters of their id. The name is plain text, rendered escaped; control characters
 * and over-long names are refused rather than trimmed silently.
 */
import type { LearnerDb } from './db';

export const MAX_DISPLAY_NAME_CHARS = 60;

export class DisplayNameError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`display name ${JSON.stringify(input.length > 80 ? `${input.slice(0, 80)}…` : input)}: ${reason}`);
    this.name = 'DisplayNameError';
  }
}

/** Trims and validates a name; an empty name clears it (undefined). */
export function normaliseDisplayName(input: string): string | undefined {
  const name = input.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!name) return undefined;
  if (/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/.test(name)) throw new DisplayNameError(input, 'must not contain control or direction characters');
  if ([...name].length > MAX_DISPLAY_NAME_CHARS) throw new DisplayNameError(input, `must be at most ${MAX_DISPLAY_NAME_CHARS} characters`);
  return name;
}

export function setDisplayName(db: LearnerDb, learnerId: string, input: string): string | undefined {
  const name = normaliseDisplayName(input);
  db.prepare('UPDATE learners SET display_name = ? WHERE id = ?').run(name ?? null, learnerId);
  return name;
}

export function displayNameOf(db: LearnerDb, learnerId: string): string | undefined {
  return db.prepare<[string], { display_name: string | null }>('SELECT display_name FROM learners WHERE id = ?').get(learnerId)?.display_name ?? undefined;
}
