import { describe, expect, it } from 'vitest';
import { assertDraftFits, DraftQuotaError, MAX_DRAFT_BYTES_PER_LEARNER, MAX_DRAFTS_PER_LEARNER } from './draft-quota';
import { MAX_DRAFT_BYTES, saveDraft } from './drafts';
import { learnerFor, newLearnerSecret } from './identity';
import { describeLearnerBackends } from '../testing/learner-db';

describeLearnerBackends((freshDb) => {
  describe('the draft quota', () => {
    it('refuses a draft beyond the count a learner may keep, but lets them replace one they have', () => {
      const db = freshDb();
      const { id } = learnerFor(db, newLearnerSecret())!;
      for (let i = 0; i < MAX_DRAFTS_PER_LEARNER; i++) saveDraft(db, id, 'jobs', `t${i}.yaml`, 'x');
      expect(() => assertDraftFits(db, id, 'jobs', 'one-more.yaml', 'x')).toThrow(DraftQuotaError);
      expect(() => assertDraftFits(db, id, 'jobs', 't7.yaml', 'kind: Job')).not.toThrow();
      const other = learnerFor(db, newLearnerSecret())!.id;
      expect(() => assertDraftFits(db, other, 'jobs', 'one-more.yaml', 'x')).not.toThrow();
    });

    it('refuses a draft that would take the learner past their total bytes, counting multi-byte text as bytes', () => {
      const db = freshDb();
      const { id } = learnerFor(db, newLearnerSecret())!;
      const big = 'é'.repeat(MAX_DRAFT_BYTES / 2);
      const fit = Math.floor(MAX_DRAFT_BYTES_PER_LEARNER / MAX_DRAFT_BYTES);
      for (let i = 0; i < fit; i++) saveDraft(db, id, 'jobs', `t${i}.yaml`, big);
      try {
        assertDraftFits(db, id, 'jobs', 'another.yaml', 'x');
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(DraftQuotaError);
        expect((err as DraftQuotaError).reason).toBe('bytes');
      }
      expect(() => assertDraftFits(db, id, 'jobs', 't0.yaml', 'small now')).not.toThrow();
    });
  });
});
