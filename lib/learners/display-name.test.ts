import { describe, expect, it } from 'vitest';
import { DisplayNameError, displayNameOf, MAX_DISPLAY_NAME_CHARS, normaliseDisplayName, setDisplayName } from './display-name';
import { learnerFor, newLearnerSecret } from './identity';
import { describeLearnerBackends } from '../testing/learner-db';

describeLearnerBackends((freshDb) => {
  describe('a display name', () => {
    it('is trimmed, its inner spaces collapsed, and an empty one clears the name', () => {
      expect(normaliseDisplayName('  Ada   Lovelace ')).toBe('Ada Lovelace');
      expect(normaliseDisplayName('   ')).toBeUndefined();
    });

    it('refuses control and text-direction characters, and names over the limit, naming the input', () => {
      expect(() => normaliseDisplayName('Ada\u0007')).toThrow(DisplayNameError);
      expect(() => normaliseDisplayName('evil\u202Egnp.exe')).toThrow(/direction characters/);
      expect(() => normaliseDisplayName('x'.repeat(MAX_DISPLAY_NAME_CHARS + 1))).toThrow(`at most ${MAX_DISPLAY_NAME_CHARS} characters`);
      expect(normaliseDisplayName('é'.repeat(MAX_DISPLAY_NAME_CHARS))).toHaveLength(MAX_DISPLAY_NAME_CHARS);
    });

    it('is kept per learner and can be cleared again', () => {
      const db = freshDb();
      const a = learnerFor(db, newLearnerSecret())!;
      const b = learnerFor(db, newLearnerSecret())!;
      expect(displayNameOf(db, a.id)).toBeUndefined();
      setDisplayName(db, a.id, 'Grace');
      expect(displayNameOf(db, a.id)).toBe('Grace');
      expect(displayNameOf(db, b.id)).toBeUndefined();
      setDisplayName(db, a.id, '');
      expect(displayNameOf(db, a.id)).toBeUndefined();
    });
  });
});
