import { describe, expect, it } from 'vitest';
import { learnerFor, learnerIdOf, newLearnerSecret } from './identity';
import { deleteDraft, draftsFor, DraftTooLargeError, MAX_DRAFT_BYTES, saveDraft } from './drafts';
import { clusterOf, ensureCluster, resetCluster, type ClusterProvider } from './clusters';
import { describeLearnerBackends } from '../testing/learner-db';

describeLearnerBackends((freshDb) => {
  function provider(): ClusterProvider & { live: Set<string> } {
    let n = 0;
    const live = new Set<string>();
    return { live, exists: (id) => live.has(id), create: () => { const id = `c${++n}`; live.add(id); return id; }, remove: (id) => void live.delete(id) };
  }

  describe('learners', () => {
    it('know a learner by the hash of their cookie secret and ignore malformed cookies', () => {
      const db = freshDb();
      const secret = newLearnerSecret();
      const a = learnerFor(db, secret, new Date('2026-01-01T00:00:00Z'))!;
      expect(a.id).toBe(learnerIdOf(secret));
      expect(learnerFor(db, secret, new Date('2026-02-01T00:00:00Z'))).toEqual({ id: a.id, createdAt: '2026-01-01T00:00:00.000Z' });
      expect(learnerFor(db, 'short')).toBeUndefined();
      expect(learnerFor(db, `${secret.slice(0, 42)};`)).toBeUndefined();
      expect(db.prepare('SELECT COUNT(*) AS n FROM learners').get()).toEqual({ n: 1 });
    });

    it('keep one cluster per learner and replace it when it is gone or reset', async () => {
      const db = freshDb();
      const p = provider();
      const { id } = learnerFor(db, newLearnerSecret())!;
      const first = await ensureCluster(db, id, p);
      expect(await ensureCluster(db, id, p)).toBe(first);
      p.live.delete(first);
      const second = await ensureCluster(db, id, p);
      expect(second).not.toBe(first);
      const third = await resetCluster(db, id, p);
      expect(p.live.has(second)).toBe(false);
      expect(clusterOf(db, id)).toBe(third);
    });

    it('give two requests of a new learner arriving together the same cluster while it is made', async () => {
      const db = freshDb();
      let made = 0;
      let finish: (id: string) => void = () => undefined;
      const slow: ClusterProvider = { exists: () => true, create: () => new Promise<string>((resolve) => { made++; finish = resolve; }), remove: () => undefined };
      const { id } = learnerFor(db, newLearnerSecret())!;
      const a = ensureCluster(db, id, slow);
      const b = ensureCluster(db, id, slow);
      finish('c-slow');
      expect(await Promise.all([a, b])).toEqual(['c-slow', 'c-slow']);
      expect(made).toBe(1);
      expect(clusterOf(db, id)).toBe('c-slow');
    });

    it('save, list and drop drafts per lesson and tab, refusing oversize ones', () => {
      const db = freshDb();
      const { id } = learnerFor(db, newLearnerSecret())!;
      saveDraft(db, id, 'daemonsets', 'log-collector.yaml', 'kind: DaemonSet', new Date('2026-01-01T00:00:00Z'));
      saveDraft(db, id, 'daemonsets', 'log-collector.yaml', 'kind: DaemonSet # edited', new Date('2026-01-01T00:01:00Z'));
      saveDraft(db, id, 'jobs', 'pi.yaml', 'kind: Job');
      expect(draftsFor(db, id, 'daemonsets')).toEqual([{ tab: 'log-collector.yaml', content: 'kind: DaemonSet # edited', updatedAt: '2026-01-01T00:01:00.000Z' }]);
      deleteDraft(db, id, 'daemonsets', 'log-collector.yaml');
      expect(draftsFor(db, id, 'daemonsets')).toEqual([]);
      expect(() => saveDraft(db, id, 'jobs', 'big.yaml', 'x'.repeat(MAX_DRAFT_BYTES + 1))).toThrow(DraftTooLargeError);
    });
  });
});
