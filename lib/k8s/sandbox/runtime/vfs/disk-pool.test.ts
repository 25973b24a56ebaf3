import { describe, expect, it } from 'vitest';
import { VfsError } from '../vfs-types';
import { DiskPool } from './disk-pool';
import { MemoryVfs } from './memory-vfs';

const enospc = (fn: () => void): VfsError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof VfsError) return e;
    throw e;
  }
  throw new Error('expected ENOSPC');
};

describe('DiskPool shared by memory filesystems', () => {
  it('fails the write that would pass the pool with ENOSPC, whichever filesystem makes it', () => {
    const pool = new DiskPool('container filesystems', 1000);
    const a = new MemoryVfs({ pool });
    const b = new MemoryVfs({ pool });
    a.writeFile('/f', 'x'.repeat(600));
    const err = enospc(() => b.writeFile('/g', 'y'.repeat(500)));
    expect(err.code).toBe('ENOSPC');
    expect(err.message).toBe('/g: No space left on device');
    expect(b.exists('/g')).toBe(false);
    expect(pool.usedBytes()).toBe(600);
    b.writeFile('/g', 'y'.repeat(400));
    expect(pool.usedBytes()).toBe(1000);
  });

  it('gives bytes back on rm, truncation and release', () => {
    const pool = new DiskPool('p', 1000);
    const a = new MemoryVfs({ pool });
    a.writeFile('/f', 'x'.repeat(600));
    a.writeFile('/f', 'x'.repeat(100));
    expect(pool.usedBytes()).toBe(100);
    a.writeFile('/g', 'x'.repeat(300), { append: true });
    a.rm('/f');
    expect(pool.usedBytes()).toBe(300);
    a.release();
    expect(pool.usedBytes()).toBe(0);
  });

  it('does not charge the construction files (an image layer every container shares)', () => {
    const pool = new DiskPool('p', 100);
    const a = new MemoryVfs({ pool, files: { '/bin/big': 'x'.repeat(5000) } });
    expect(pool.usedBytes()).toBe(0);
    a.rm('/bin/big');
    a.writeFile('/f', 'x'.repeat(50));
    expect(pool.usedBytes()).toBe(0);
    a.writeFile('/g', 'x'.repeat(5000));
    expect(pool.usedBytes()).toBe(50);
  });

  it('refunds the pool when a usage listener rejects the write', () => {
    const pool = new DiskPool('p', 1000);
    const a = new MemoryVfs({ pool });
    a.onUsage((delta) => {
      if (delta > 10) throw new Error('over the container budget');
    });
    expect(() => a.writeFile('/f', 'x'.repeat(100))).toThrow('over the container budget');
    expect(pool.usedBytes()).toBe(0);
  });
});
