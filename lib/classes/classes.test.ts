import { describe, expect, it } from 'vitest';
import { recordLearner } from '../learners/identity';
import { classByCode, classOfLearner, createClass, isMember, joinClass, listClasses, membersOf } from './classes';
import { ClassInputError, UnknownJoinCodeError } from './errors';
import { describeLearnerBackends } from '../testing/learner-db';

describeLearnerBackends((freshDb) => {
  describe('classes', () => {
    it('are created with a six-character join code and found by it, typed loosely', () => {
      const db = freshDb();
      const made = createClass(db, { name: '  Tuesday   group ', startsOn: '2026-12-01', endsOn: '2026-12-20' });
      expect(made).toMatchObject({ name: 'Tuesday group', startsOn: '2026-12-01', endsOn: '2026-12-20', members: 0 });
      expect(made.code).toMatch(/^[A-Z0-9]{6}$/);
      expect(classByCode(db, made.code.toLowerCase()).id).toBe(made.id);
      expect(() => classByCode(db, 'ACDEFG' === made.code ? 'ACDEFH' : 'ACDEFG')).toThrow(UnknownJoinCodeError);
    });

    it('refuse an end before the start and a missing name', () => {
      const db = freshDb();
      expect(() => createClass(db, { name: 'A', startsOn: '2026-12-02', endsOn: '2026-12-01' })).toThrow(ClassInputError);
      expect(() => createClass(db, { name: ' ' })).toThrow(ClassInputError);
      expect(listClasses(db)).toEqual([]);
    });

    it('hold a learner in one class at a time: joining another moves them', () => {
      const db = freshDb();
      recordLearner(db, 'a'.repeat(32));
      const one = createClass(db, { name: 'One' });
      const two = createClass(db, { name: 'Two' });
      joinClass(db, 'a'.repeat(32), one.id, 'Ada');
      joinClass(db, 'a'.repeat(32), two.id, 'Ada L.');
      expect(membersOf(db, one.id)).toEqual([]);
      expect(membersOf(db, two.id)).toEqual(['a'.repeat(32)]);
      expect(classOfLearner(db, 'a'.repeat(32))?.name).toBe('Two');
      expect(isMember(db, two.id, 'a'.repeat(32))).toBe(true);
      expect(isMember(db, two.id, { id: 'a'.repeat(32) })).toBe(false);
    });
  });
});
