import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureInstructorToken, INSTRUCTOR_COOKIE, instructorCookie, INSTRUCTOR_TOKEN_FILE, instructorLink, instructorToken, InstructorTokenError, tokenMatches } from './access';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-instructor-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the instructor token', () => {
  it('is generated once, kept in the data directory readable only by the owner, and the same after a restart', () => {
    const dir = tempDir();
    const first = instructorToken(dir, {});
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(fs.statSync(path.join(dir, INSTRUCTOR_TOKEN_FILE)).mode & 0o777).toBe(0o600);
    expect(instructorToken(dir, {})).toBe(first);
  });

  it('comes from KUBELAB_INSTRUCTOR_TOKEN when set, and a malformed one is refused by name', () => {
    const dir = tempDir();
    expect(instructorToken(dir, { KUBELAB_INSTRUCTOR_TOKEN: 'class-of-2026-secret' })).toBe('class-of-2026-secret');
    expect(fs.existsSync(path.join(dir, INSTRUCTOR_TOKEN_FILE))).toBe(false);
    expect(() => instructorToken(dir, { KUBELAB_INSTRUCTOR_TOKEN: 'short' })).toThrow(InstructorTokenError);
    expect(() => instructorToken(dir, { KUBELAB_INSTRUCTOR_TOKEN: 'has spaces in it, sixteen+' })).toThrow(/KUBELAB_INSTRUCTOR_TOKEN/);
  });

  it('matches only itself', () => {
    expect(tokenMatches('class-of-2026-secret', 'class-of-2026-secret')).toBe(true);
    expect(tokenMatches('class-of-2026-secret', 'class-of-2026-secreT')).toBe(false);
    expect(tokenMatches('class-of-2026-secret', '')).toBe(false);
    expect(tokenMatches('class-of-2026-secret', undefined)).toBe(false);
  });

  it('is carried by the printed link, URL-encoded', () => {
    expect(instructorLink('http://localhost:3000/', 'abc_DEF-123')).toBe('http://localhost:3000/instructor/enter?token=abc_DEF-123');
  });

  it('says it was created only on the start that made it, so the server prints its link once', () => {
    const dir = tempDir();
    const made = ensureInstructorToken(dir, {});
    expect(made.source).toBe('created');
    expect(ensureInstructorToken(dir, {})).toEqual({ token: made.token, source: 'file' });
    expect(ensureInstructorToken(dir, { KUBELAB_INSTRUCTOR_TOKEN: 'class-of-2026-secret' }).source).toBe('environment');
  });

  it('never goes into a cookie: the cookie carries the session id it is given', () => {
    expect(instructorCookie('session-id-123', true)).toBe(`${INSTRUCTOR_COOKIE}=session-id-123; Path=/; HttpOnly; SameSite=Strict; Max-Age=604800; Secure`);
  });
});
