import { describe, expect, it } from 'vitest';
import { describeLearnerBackends } from '../testing/learner-db';
import { learnerFor, newLearnerSecret } from '../learners/identity';
import { clusterOf, ensureCluster, resetCluster } from '../learners/clusters';
import { markLessonRead, recordStep } from '../learners/progress';
import { addNotice, dismissNotice, MAX_NOTICES_PER_LEARNER, unseenNotices } from './notices';
import { activeLinkDigests, listInstructorLinks, mintInstructorLink, revokeInstructorLink } from './instructor-links';
import { boardRows } from './board';
import { createClass, joinClass } from './classes';
import { noteCheck } from './last-check';

/** The classes' and clusters' tables through their modules, on both backends of the learners' database. */
describeLearnerBackends((freshDb) => {
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));

  describe('a learner\'s notices', () => {
    it('keeps the latest few unseen, in order, and a dismissed one goes for that learner only', () => {
      const db = freshDb();
      const me = learnerFor(db, newLearnerSecret())!.id;
      const other = learnerFor(db, newLearnerSecret())!.id;
      for (let i = 0; i < MAX_NOTICES_PER_LEARNER + 3; i++) addNotice(db, me, 'hint', `hint ${i}`, at(i));
      const unseen = unseenNotices(db, me);
      expect(unseen.map((n) => n.text)).toEqual(Array.from({ length: MAX_NOTICES_PER_LEARNER }, (_, i) => `hint ${i + 3}`));
      expect(typeof unseen[0].id).toBe('number');
      expect(dismissNotice(db, other, unseen[0].id)).toBe(false);
      expect(dismissNotice(db, me, unseen[0].id)).toBe(true);
      expect(dismissNotice(db, me, unseen[0].id)).toBe(false);
      expect(unseenNotices(db, me)).toHaveLength(MAX_NOTICES_PER_LEARNER - 1);
    });
  });

  describe('instructor links', () => {
    it('are listed newest first, and a revoked one stops counting once, whenever revoked again', () => {
      const db = freshDb();
      const a = mintInstructorLink(db, 'Grace, co-teacher', at(1));
      const b = mintInstructorLink(db, 'Linus', at(2));
      expect(listInstructorLinks(db).map((l) => l.label)).toEqual(['Linus', 'Grace, co-teacher']);
      revokeInstructorLink(db, a.link.id, at(3));
      revokeInstructorLink(db, a.link.id, at(4));
      expect(listInstructorLinks(db).find((l) => l.id === a.link.id)?.revokedAt).toBe(at(3).toISOString());
      expect(activeLinkDigests(db).size).toBe(1);
      expect(b.token).not.toBe(a.token);
    });
  });

  describe('the class board', () => {
    it('has a row per member with their lesson, steps passed and last failing check', () => {
      const db = freshDb();
      const cls = createClass(db, { name: 'Morning' });
      const ada = learnerFor(db, newLearnerSecret(), at(0))!.id;
      const bob = learnerFor(db, newLearnerSecret(), at(1))!.id;
      joinClass(db, ada, cls.id, 'Ada', at(2));
      joinClass(db, bob, cls.id, 'Bob', at(3));
      markLessonRead(db, ada, 'jobs', at(4));
      recordStep(db, ada, 'exercise-5-3-jobs', 'single-job', { passed: true, at: at(5), solutionShown: false });
      noteCheck(db, ada, 'exercise-5-3-jobs', [{ step: 'single-job', passed: true, saw: '' }, { step: 'parallel-job', passed: false, saw: 'no Job parallel-job yet' }], at(6));
      const rows = boardRows({ db }, cls.id);
      expect(rows.map((r) => [r.name, r.stepsPassed, r.step, r.message])).toEqual([
        ['Ada', 1, 'parallel-job', 'no Job parallel-job yet'],
        ['Bob', 0, null, null],
      ]);
    });
  });

  describe('the cluster a learner owns', () => {
    it('is made once, kept, and replaced by a reset', async () => {
      const db = freshDb();
      const me = learnerFor(db, newLearnerSecret())!.id;
      const made = new Set<string>();
      let n = 0;
      const provider = { exists: (id: string) => made.has(id), create: () => { const id = `c${++n}`; made.add(id); return id; }, remove: (id: string) => void made.delete(id) };
      const first = await ensureCluster(db, me, provider);
      expect(await ensureCluster(db, me, provider)).toBe(first);
      expect(clusterOf(db, me)).toBe(first);
      const next = await resetCluster(db, me, provider);
      expect(next).not.toBe(first);
      expect(clusterOf(db, me)).toBe(next);
    });
  });
});
