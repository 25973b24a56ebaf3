import { describe, expect, it } from 'vitest';
import { VfsError } from '../vfs-types';
import { MemoryVfs } from './memory-vfs';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof VfsError ? e.code : 'not a VfsError';
  }
  return undefined;
}

describe('MemoryVfs', () => {
  it('normalises paths so dot, dot-dot and repeated slashes name the same file', () => {
    const fs = new MemoryVfs({ files: { '/a/b/c.txt': 'x' } });
    expect(fs.readFile('/a//b/../b/./c.txt')).toBe('x');
    expect(fs.readdir('/a')).toEqual(['b']);
  });

  it('appends, replaces and reports errors with the busybox codes', () => {
    const fs = new MemoryVfs();
    fs.writeFile('/f', 'one\n');
    fs.writeFile('/f', 'two\n', { append: true });
    expect(fs.readFile('/f')).toBe('one\ntwo\n');
    expect(code(() => fs.writeFile('/missing/f', ''))).toBe('ENOENT');
    expect(code(() => fs.readFile('/'))).toBe('EISDIR');
    expect(code(() => fs.mkdir('/f/g'))).toBe('ENOTDIR');
    fs.mkdir('/d/e', { recursive: true });
    fs.writeFile('/d/e/x', '1');
    expect(code(() => fs.rm('/d'))).toBe('ENOTEMPTY');
    fs.rm('/d', { recursive: true });
    expect(fs.exists('/d/e/x')).toBe(false);
    expect(code(() => fs.rm('/d', { force: true }))).toBeUndefined();
  });

  it('fires watchers on every write to the watched path, including appends', () => {
    const fs = new MemoryVfs();
    const seen: string[] = [];
    const off = fs.watch('/var/log/app.log', () => seen.push(fs.readFile('/var/log/app.log')));
    fs.mkdir('/var/log', { recursive: true });
    fs.writeFile('/var/log/app.log', 'a\n', { append: true });
    fs.writeFile('/var/log/app.log', 'b\n', { append: true });
    off();
    fs.writeFile('/var/log/app.log', 'c\n', { append: true });
    expect(seen).toEqual(['a\n', 'a\nb\n']);
  });

  it('counts stored bytes, tells usage listeners before writing, and refuses writes past its limit', () => {
    const fs = new MemoryVfs({ limitBytes: 10 });
    const deltas: number[] = [];
    fs.onUsage((d) => deltas.push(d));
    fs.writeFile('/a', '12345');
    fs.writeFile('/a', '678', { append: true });
    expect(fs.usedBytes()).toBe(8);
    expect(code(() => fs.writeFile('/b', '123'))).toBe('ENOSPC');
    fs.rm('/a');
    expect(fs.usedBytes()).toBe(0);
    expect(deltas).toEqual([5, 3, -8]);
  });

  it('a usage listener that throws stops the write', () => {
    const fs = new MemoryVfs();
    fs.onUsage(() => {
      throw new Error('budget');
    });
    expect(() => fs.writeFile('/a', 'x')).toThrow('budget');
    expect(fs.exists('/a')).toBe(false);
  });

  it('renames whole directories and stamps mtimes from the injected clock', () => {
    let now = 1000;
    const fs = new MemoryVfs({ now: () => now, files: { '/src/a/1': 'one' } });
    now = 2000;
    fs.rename('/src', '/dst');
    expect(fs.readFile('/dst/a/1')).toBe('one');
    expect(fs.exists('/src')).toBe(false);
    expect(fs.stat('/dst/a/1').mtimeMs).toBe(1000);
    fs.writeFile('/dst/a/1', 'two');
    expect(fs.stat('/dst/a/1')).toEqual({ type: 'file', size: 3, mtimeMs: 2000, mode: 0o644 });
  });
});
