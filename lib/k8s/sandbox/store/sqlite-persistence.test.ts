import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStoreFile } from './sqlite-persistence';
import { describePersistenceContract } from './persistence-contract';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-store-'));
const onFile = <T>(dir: string, fn: (db: Database.Database) => T): T => {
  const db = new Database(path.join(dir, 'sandbox-store.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
};

describePersistenceContract<string>({
  name: 'SQLite',
  place: async () => {
    const dir = tempDir();
    return { place: dir, remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  },
  open: (dir, opts) => new SqliteStoreFile(dir, opts),
  breakObjectsTable: async (dir) => onFile(dir, (db) => void db.exec('ALTER TABLE objects RENAME TO objects_away')),
  repairObjectsTable: async (dir) => onFile(dir, (db) => void db.exec('ALTER TABLE objects_away RENAME TO objects')),
  committedRows: async (dir) => onFile(dir, (db) => db.prepare<[], { cluster: string; key: string }>('SELECT cluster, key FROM objects ORDER BY cluster, key').all()),
  missingTableMessage: /^the sandbox store sandbox-store\.db could not commit writes: no such table: .*objects/,
});

describe('SQLite persistence', () => {
  it('runs in WAL mode with synchronous=FULL, so a commit survives a power cut', () => {
    const dir = tempDir();
    const file = new SqliteStoreFile(dir);
    expect(file.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
    file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
