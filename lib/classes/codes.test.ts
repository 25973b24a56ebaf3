import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, groupCode, normaliseCode, randomCode } from './codes';

describe('short codes', () => {
  it('are drawn from an alphabet without look-alike characters', () => {
    for (const c of '0O1IL5S2Z8BUV') expect(CODE_ALPHABET).not.toContain(c);
    for (let i = 0; i < 200; i++) expect(randomCode(6)).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6}$`));
  });

  it('read what a person typed: lower case, spaces and dashes are fine', () => {
    expect(normaliseCode(' ac-d e fg ', 6)).toBe('ACDEFG');
    expect(normaliseCode('ac3d-efgh-jk7m', 12)).toBe('AC3DEFGHJK7M');
  });

  it('refuse what cannot be a code before any lookup', () => {
    for (const bad of ['ACDEF', 'ACDEFGH', 'ACDEF0', 'ACDEFÄ', 'x'.repeat(100), 42, null, { code: 'ACDEFG' }]) expect(normaliseCode(bad, 6)).toBeUndefined();
  });

  it('group a recovery code in fours for reading', () => {
    expect(groupCode('AC3DEFGHJK7M')).toBe('AC3D-EFGH-JK7M');
  });
});
