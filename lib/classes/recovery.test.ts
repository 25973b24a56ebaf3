import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { learnerIdOf, recordLearner } from '../learners/identity';
import { markLessonRead } from '../learners/progress';
import { createClass, joinClass, membersOf } from './classes';
import { UnknownRecoveryCodeError } from './errors';
import { addNotice, unseenNotices } from './notices';
import { issueRecoveryCode, recoverLearner } from './recovery';
import { describeLearnerBackends } from '../testing/learner-db';

describeLearnerBackends((freshDb) => {
  describe('recovery codes', () => {
    it('move every row of the learner to a fresh cookie, and are spent', () => {
      const db = freshDb();
      const key = randomBytes(32);
      const old = 'b'.repeat(32);
      recordLearner(db, old);
      markLessonRead(db, old, 'jobs');
      const klass = createClass(db, { name: 'One' });
      joinClass(db, old, klass.id, 'Ada');
      addNotice(db, old, 'hint', 'hello');
      const code = issueRecoveryCode(db, key, old);
      const back = recoverLearner(db, key, code);
      expect(back.learnerId).toBe(learnerIdOf(back.cookieValue.split('.')[0]));
      expect(membersOf(db, klass.id)).toEqual([back.learnerId]);
      expect(unseenNotices(db, back.learnerId).map((n) => n.text)).toEqual(['hello']);
      expect(db.prepare('SELECT COUNT(*) AS n FROM lesson_reads WHERE learner_id = ?').get(back.learnerId)).toEqual({ n: 1 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM learners WHERE id = ?').get(old)).toEqual({ n: 0 });
      expect(() => recoverLearner(db, key, code)).toThrow(UnknownRecoveryCodeError);
    });

    it('open nothing under another portal key, and a newer code replaces the older', () => {
      const db = freshDb();
      const key = randomBytes(32);
      recordLearner(db, 'c'.repeat(32));
      const first = issueRecoveryCode(db, key, 'c'.repeat(32));
      const second = issueRecoveryCode(db, key, 'c'.repeat(32));
      expect(() => recoverLearner(db, randomBytes(32), second)).toThrow(UnknownRecoveryCodeError);
      expect(() => recoverLearner(db, key, first)).toThrow(UnknownRecoveryCodeError);
      expect(recoverLearner(db, key, second).previousId).toBe('c'.repeat(32));
    });
  });
});
