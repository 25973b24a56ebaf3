import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLearnerDb } from './db';

describe('the learners database', () => {
  it('runs in WAL mode with synchronous=FULL, so what a route answered as saved survives a power cut', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-learners-'));
    const db = openLearnerDb(dir);
    try {
      expect(db.pragma('journal_mode')).toBe('wal');
      // 2 is FULL: the WAL is fsynced at every commit (NORMAL, 1, fsyncs it only at checkpoints).
      expect(db.pragma('synchronous')).toBe(2);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
