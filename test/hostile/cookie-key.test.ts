/**
 * KUBELAB_COOKIE_KEY signs every learner cookie of a sharded portal. A value that is not exactly
 * 32 bytes of base64url is refused at start, by name, without the value in the message; an
 * all-blank value counts as unset (the data directory's key).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CookieKeyError, learnerCookieKey } from '../../lib/learners/identity';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-cookie-key-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HOSTILE = {
  'standard base64 with + and / and padding': `${'ab+/'.repeat(10)}abc=`,
  'one character short': 'a'.repeat(42),
  'one character long': 'a'.repeat(44),
  'a header injection': `${'a'.repeat(43)}\r\nSet-Cookie: x=1`,
  'ten thousand characters': 'a'.repeat(10_000),
  'non-ASCII letters': 'ä'.repeat(43),
  'a NUL inside': `${'a'.repeat(21)}\u0000${'a'.repeat(21)}`,
};

describe('hostile KUBELAB_COOKIE_KEY values', () => {
  it.each(Object.entries(HOSTILE))('refuses %s without echoing it', (_name, value) => {
    let refusal: unknown;
    try {
      learnerCookieKey(dir, { KUBELAB_COOKIE_KEY: value });
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(CookieKeyError);
    expect((refusal as Error).message).toMatch(/^learner cookie key KUBELAB_COOKIE_KEY: is not 43 characters/);
    expect((refusal as Error).message).not.toContain(value.trim().slice(0, 12));
  });

  it('takes a blank value as unset: the data directory keeps its own key', () => {
    expect(learnerCookieKey(dir, { KUBELAB_COOKIE_KEY: '  \n' }).equals(learnerCookieKey(dir, {}))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'cookie-secret'))).toBe(true);
  });
});
