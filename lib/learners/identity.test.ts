import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CookieKeyError,
  COOKIE_KEY_FILE,
  cookieValues,
  issueLearnerCookieValue,
  learnerCookie,
  learnerCookieKey,
  learnerFor,
  learnerIdOf,
  learnerOfCookieHeader,
  LEARNER_COOKIE,
  newLearnerSecret,
  recordLearner,
  touchLearner,
  verifyLearnerCookie,
} from './identity';
import { describeLearnerBackends } from '../testing/learner-db';

describeLearnerBackends((freshDb) => {
  const dirs: string[] = [];
  function tempDir(): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-identity-'));
    dirs.push(d);
    return d;
  }
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const rows = (db: ReturnType<typeof freshDb>) => (db.prepare('SELECT COUNT(*) AS n FROM learners').get() as { n: number }).n;

  describe('the learner cookie key', () => {
    it('is made once in the data directory, readable only by the owner, and the same when read again', () => {
      const dir = tempDir();
      const key = learnerCookieKey(dir);
      expect(key.length).toBe(32);
      expect(fs.statSync(path.join(dir, COOKIE_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(learnerCookieKey(dir).equals(key)).toBe(true);
      expect(fs.readdirSync(dir)).toEqual([COOKIE_KEY_FILE]);
    });

    it('refuses a damaged key file by name instead of signing with garbage', () => {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, COOKIE_KEY_FILE), 'not a key\n');
      expect(() => learnerCookieKey(dir)).toThrow(/cookie-secret.*43 characters/);
    });

    it('is KUBELAB_COOKIE_KEY when set, the same on every shard, and no file is made', () => {
      const shared = Buffer.alloc(32, 9).toString('base64url');
      const [a, b] = [tempDir(), tempDir()];
      expect(learnerCookieKey(a, { KUBELAB_COOKIE_KEY: shared }).equals(learnerCookieKey(b, { KUBELAB_COOKIE_KEY: `${shared}\n` }))).toBe(true);
      expect(learnerCookieKey(a, { KUBELAB_COOKIE_KEY: shared }).toString('base64url')).toBe(shared);
      expect(fs.readdirSync(a)).toEqual([]);
    });

    it('refuses a KUBELAB_COOKIE_KEY that is not 43 characters of base64url, without echoing it', () => {
      const secretish = 'hunter2-but-longer/with+slashes';
      let refusal: unknown;
      try {
        learnerCookieKey(tempDir(), { KUBELAB_COOKIE_KEY: secretish });
      } catch (err) {
        refusal = err;
      }
      expect(refusal).toBeInstanceOf(CookieKeyError);
      expect((refusal as Error).message).toMatch(/KUBELAB_COOKIE_KEY.*43 characters/);
      expect((refusal as Error).message).not.toContain('hunter2');
    });
  });

  describe('a learner cookie', () => {
    it('issued by the server names a learner before any row exists, and the row is made once however often it is recorded', () => {
      const db = freshDb();
      const key = learnerCookieKey(tempDir());
      const value = issueLearnerCookieValue(key);
      const verified = verifyLearnerCookie(db, key, value)!;
      expect(verified).toEqual({ id: learnerIdOf(value.split('.')[0]), kind: 'signed' });
      expect(rows(db)).toBe(0);
      const a = recordLearner(db, verified.id, new Date('2026-01-01T00:00:00Z'));
      const b = recordLearner(db, verified.id, new Date('2026-01-02T00:00:00Z'));
      expect(b).toEqual(a);
      expect(rows(db)).toBe(1);
    });

    it('with a wrong signature, or signed by another portal, names nobody', () => {
      const db = freshDb();
      const key = learnerCookieKey(tempDir());
      const other = learnerCookieKey(tempDir());
      const value = issueLearnerCookieValue(key);
      const [secret, sig] = value.split('.');
      const flipped = `${secret}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
      expect(verifyLearnerCookie(db, key, flipped)).toBeUndefined();
      expect(verifyLearnerCookie(db, key, issueLearnerCookieValue(other))).toBeUndefined();
      expect(verifyLearnerCookie(db, key, `${value}x`)).toBeUndefined();
      expect(verifyLearnerCookie(db, key, '')).toBeUndefined();
    });

    it('of the old format is kept only when the server stored its learner', () => {
      const db = freshDb();
      const key = learnerCookieKey(tempDir());
      const stored = newLearnerSecret();
      learnerFor(db, stored);
      expect(verifyLearnerCookie(db, key, stored)).toEqual({ id: learnerIdOf(stored), kind: 'stored' });
      expect(verifyLearnerCookie(db, key, newLearnerSecret())).toBeUndefined();
      expect(rows(db)).toBe(1);
    });

    it('signed under a key since replaced still names its learner when their row exists', () => {
      const db = freshDb();
      const oldKey = learnerCookieKey(tempDir());
      const newKey = learnerCookieKey(tempDir());
      const known = issueLearnerCookieValue(oldKey);
      recordLearner(db, verifyLearnerCookie(db, oldKey, known)!.id);
      expect(verifyLearnerCookie(db, newKey, known)?.kind).toBe('stored');
      expect(verifyLearnerCookie(db, newKey, issueLearnerCookieValue(oldKey))).toBeUndefined();
    });

    it('is found in a Cookie header among others, however long theirs are, the first issued one winning and oversized values skipped', () => {
      const db = freshDb();
      const key = learnerCookieKey(tempDir());
      const a = issueLearnerCookieValue(key);
      const b = issueLearnerCookieValue(key);
      expect(cookieValues(`x=1; ${LEARNER_COOKIE}=${a}; ${LEARNER_COOKIE}=${b}`, LEARNER_COOKIE)).toEqual([a, b]);
      expect(learnerOfCookieHeader(db, key, `${LEARNER_COOKIE}=forged; ${LEARNER_COOKIE}=${b}; ${LEARNER_COOKIE}=${a}`)?.id).toBe(learnerIdOf(b.split('.')[0]));
      expect(learnerOfCookieHeader(db, key, `jupyter=${'x'.repeat(4000)}; grafana=${'y'.repeat(4000)}; ${LEARNER_COOKIE}=${a}`)?.id).toBe(learnerIdOf(a.split('.')[0]));
      expect(cookieValues(`${LEARNER_COOKIE}=${'A'.repeat(300)}; ${LEARNER_COOKIE}=${a}`, LEARNER_COOKIE)).toEqual([a]);
    });

    it('is read without creating anyone: a read touches only a learner who has written', () => {
      const db = freshDb();
      expect(touchLearner(db, 'f'.repeat(32))).toBeUndefined();
      expect(rows(db)).toBe(0);
      const { id, createdAt } = recordLearner(db, 'a'.repeat(32), new Date('2026-01-01T00:00:00Z'));
      expect(touchLearner(db, id, new Date('2026-03-01T00:00:00Z'))).toEqual({ id, createdAt });
    });

    it('writes last seen at most once a minute, so a learner\'s every request is not a durable commit', () => {
      const db = freshDb();
      const seenAt = () => db.prepare<[], { last_seen_at: string }>('SELECT last_seen_at FROM learners').get()!.last_seen_at;
      const { id } = recordLearner(db, 'b'.repeat(32), new Date('2026-01-01T00:00:00.000Z'));
      recordLearner(db, id, new Date('2026-01-01T00:00:59.000Z'));
      touchLearner(db, id, new Date('2026-01-01T00:00:59.500Z'));
      expect(seenAt()).toBe('2026-01-01T00:00:00.000Z');
      touchLearner(db, id, new Date('2026-01-01T00:01:00.000Z'));
      expect(seenAt()).toBe('2026-01-01T00:01:00.000Z');
      recordLearner(db, id, new Date('2026-01-01T00:02:30.000Z'));
      expect(seenAt()).toBe('2026-01-01T00:02:30.000Z');
      // A clock that went back (another shard's) writes again rather than trusting a future stamp.
      recordLearner(db, id, new Date('2026-01-01T00:02:00.000Z'));
      expect(seenAt()).toBe('2026-01-01T00:02:00.000Z');
    });

    it('is sent httpOnly, SameSite=Lax, for the whole site, Secure when asked', () => {
      expect(learnerCookie('v', false)).toBe(`${LEARNER_COOKIE}=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000`);
      expect(learnerCookie('v', true)).toMatch(/; Secure$/);
    });
  });
});
