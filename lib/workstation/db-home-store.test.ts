import { describe, expect, it } from 'vitest';
import { describeLearnerBackends } from '../testing/learner-db';
import { learnerIdOf, newLearnerSecret, recordLearner } from '../learners/identity';
import { DbHomeStore } from './db-home-store';
import { HOME_LIMIT_BYTES } from './home-store';

describeLearnerBackends((freshDb) => {
  describe('workstation homes in the learners database', () => {
    it("keeps each learner's home, replaced whole at each save, and finds it from another store on the same database (another shard)", () => {
      const db = freshDb();
      const a = recordLearner(db, learnerIdOf(newLearnerSecret()));
      const b = recordLearner(db, learnerIdOf(newLearnerSecret()));
      new DbHomeStore(db).save(a.id, { 'notes.txt': 'kubectl get pods\n', 'yaml/job.yaml': 'kind: Job\n' });
      new DbHomeStore(db).save(b.id, { 'b.txt': 'b' });
      const elsewhere = new DbHomeStore(db);
      expect(elsewhere.load(a.id)).toEqual({ 'notes.txt': 'kubectl get pods\n', 'yaml/job.yaml': 'kind: Job\n' });
      elsewhere.save(a.id, { 'notes.txt': 'second' });
      expect(new DbHomeStore(db).load(a.id)).toEqual({ 'notes.txt': 'second' });
      expect(new DbHomeStore(db).load(b.id)).toEqual({ 'b.txt': 'b' });
    });

    it('keeps a NUL inside a file (as JSON text) and drops what is not a home when read back', () => {
      const db = freshDb();
      const a = recordLearner(db, learnerIdOf(newLearnerSecret()));
      const store = new DbHomeStore(db);
      store.save(a.id, { 'bin.dat': 'a\u0000b' });
      expect(store.load(a.id)).toEqual({ 'bin.dat': 'a\u0000b' });
      db.prepare('UPDATE learner_homes SET files = ? WHERE learner_id = ?').run(JSON.stringify({ '../escape': 'x', '/abs': 'y', ok: 'z', n: 1 }), a.id);
      expect(store.load(a.id)).toEqual({ ok: 'z' });
      db.prepare('UPDATE learner_homes SET files = ? WHERE learner_id = ?').run('not json', a.id);
      expect(store.load(a.id)).toEqual({});
      db.prepare('UPDATE learner_homes SET files = ? WHERE learner_id = ?').run(JSON.stringify({ big: 'x'.repeat(HOME_LIMIT_BYTES * 2) }), a.id);
      expect(store.load(a.id)).toEqual({});
    });

    it('keeps nothing for an id that is no learner, and an unknown learner has an empty home', () => {
      const db = freshDb();
      const store = new DbHomeStore(db);
      store.save('nobody', { 'x.txt': 'x' });
      expect(store.load('nobody')).toEqual({});
    });
  });
});
