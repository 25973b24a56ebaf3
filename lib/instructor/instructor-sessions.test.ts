import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INSTRUCTOR_COOKIE_MAX_AGE } from './access';
import { INSTRUCTOR_SESSIONS_FILE, InstructorSessions, MAX_SESSIONS } from './instructor-sessions';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-isess-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const TOKEN = 'class-of-2026-secret-token';

describe('instructor sessions', () => {
  it('are random ids, several at once, kept only as digests in a private file that survives a restart', () => {
    const dir = tempDir();
    const a = new InstructorSessions(dir).open(TOKEN);
    const b = new InstructorSessions(dir).open(TOKEN);
    expect(a).not.toBe(b);
    expect(a).not.toContain(TOKEN);
    const file = path.join(dir, INSTRUCTOR_SESSIONS_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(a);
    expect(text).not.toContain(TOKEN);
    const again = new InstructorSessions(dir);
    expect(again.isOpen(a, TOKEN) && again.isOpen(b, TOKEN)).toBe(true);
  });

  it('refuse the token itself, forged ids, expired sessions and sessions opened with an older token', () => {
    const dir = tempDir();
    let t = 1_000_000;
    const sessions = new InstructorSessions(dir, () => t);
    const id = sessions.open(TOKEN);
    expect(sessions.isOpen(TOKEN, TOKEN)).toBe(false);
    expect(sessions.isOpen('A'.repeat(43), TOKEN)).toBe(false);
    expect(sessions.isOpen(undefined, TOKEN)).toBe(false);
    expect(sessions.isOpen(id, 'a-new-token-after-a-leak')).toBe(false);
    t += INSTRUCTOR_COOKIE_MAX_AGE * 1000 + 1;
    expect(sessions.isOpen(id, TOKEN)).toBe(false);
  });

  it('keep at most MAX_SESSIONS, the newest, and treat a damaged file as no sessions', () => {
    const dir = tempDir();
    const sessions = new InstructorSessions(dir);
    const first = sessions.open(TOKEN);
    for (let i = 0; i < MAX_SESSIONS; i++) sessions.open(TOKEN);
    expect(sessions.isOpen(first, TOKEN)).toBe(false);
    fs.writeFileSync(path.join(dir, INSTRUCTOR_SESSIONS_FILE), '{not json');
    const fresh = sessions.open(TOKEN);
    expect(sessions.isOpen(fresh, TOKEN)).toBe(true);
  });
});
