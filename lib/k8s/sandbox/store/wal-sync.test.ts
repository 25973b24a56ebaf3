import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WalSync, WalSyncFailedError, type WalSyncIo } from './wal-sync';

/** An fsync that finishes when the test says so, counting what was asked. */
function manualIo() {
  const pending: ((err: Error | null) => void)[] = [];
  const calls = { async: 0, sync: 0, opened: 0 };
  const io: WalSyncIo = {
    open: () => (calls.opened++, 42),
    fsync: (_fd, done) => {
      calls.async++;
      pending.push(done);
    },
    fsyncSync: () => void calls.sync++,
    close: () => undefined,
  };
  const finish = (err: Error | null = null) => pending.shift()!(err);
  return { io, calls, finish, pending };
}

const walIn = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-wal-')), 'store.db-wal');
const settled = async <T>(p: Promise<T>) => {
  let state = 'pending';
  p.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await new Promise((r) => setImmediate(r));
  return state;
};

describe('WalSync', () => {
  it('resolves soon() only after an fsync that began after the commit has finished', async () => {
    const { io, finish, calls } = manualIo();
    const wal = new WalSync(walIn(), io);
    wal.committed();
    const done = wal.soon();
    expect(await settled(done)).toBe('pending');
    expect(calls.async).toBe(1);
    finish();
    expect(await settled(done)).toBe('resolved');
  });

  it('covers commits made while an fsync runs with the next fsync, not the running one', async () => {
    const { io, finish, calls } = manualIo();
    const wal = new WalSync(walIn(), io);
    wal.committed();
    const first = wal.soon();
    wal.committed();
    const second = wal.soon();
    finish();
    expect(await settled(first)).toBe('resolved');
    expect(await settled(second)).toBe('pending');
    expect(calls.async).toBe(2);
    finish();
    expect(await settled(second)).toBe('resolved');
  });

  it('lets many waiters of the same commits share one fsync', async () => {
    const { io, finish, calls } = manualIo();
    const wal = new WalSync(walIn(), io);
    wal.committed();
    const all = [wal.soon(), wal.soon(), wal.soon()];
    finish();
    await Promise.all(all);
    expect(calls.async).toBe(1);
  });

  it('answers at once when nothing was committed since the last fsync', async () => {
    const { io, calls } = manualIo();
    const wal = new WalSync(walIn(), io);
    await wal.soon();
    wal.now();
    expect(calls).toMatchObject({ async: 0, sync: 0, opened: 0 });
  });

  it('makes everything durable synchronously with now(), releasing the waiters it covers', async () => {
    const { io, calls } = manualIo();
    const wal = new WalSync(walIn(), io);
    wal.committed();
    const waiting = wal.soon();
    wal.now();
    expect(calls.sync).toBe(1);
    expect(await settled(waiting)).toBe('resolved');
  });

  it('rejects the waiters of a failed fsync with an error naming the store, and tries again for the next', async () => {
    const { io, finish } = manualIo();
    const file = walIn();
    const wal = new WalSync(file, io);
    wal.committed();
    const failed = wal.soon();
    finish(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await expect(failed).rejects.toThrow(WalSyncFailedError);
    await expect(failed).rejects.toThrow(/store\.db-wal could not be written to disk: EIO/);
    const retry = wal.soon();
    finish();
    await expect(retry).resolves.toBeUndefined();
  });

  it('throws from now() when the synchronous fsync fails', () => {
    const wal = new WalSync(walIn(), { open: () => 1, fsync: () => undefined, fsyncSync: () => { throw new Error('ENOSPC'); }, close: () => undefined });
    wal.committed();
    expect(() => wal.now()).toThrow(/could not be written to disk: ENOSPC/);
  });

  it('fsyncs a real WAL file on disk', async () => {
    const file = walIn();
    fs.writeFileSync(file, 'frames');
    const wal = new WalSync(file);
    wal.committed();
    await wal.soon();
    wal.committed();
    wal.now();
    wal.close();
  });
});
