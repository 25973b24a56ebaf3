/**
 * The container's view of its filesystem with file bytes charged to its budget: a write
 * charges what it adds, a truncation or rm gives bytes back (memory-backed volumes count
 * against the container's memory, which is how an emptyDir filler gets OOMKilled).
 */
import type { Budget } from './command';
import type { Vfs, VfsStat } from '../vfs-types';

function sizeOf(fs: Vfs, path: string): number {
  try {
    const st = fs.stat(path);
    if (st.type === 'file') return st.size;
    return fs.readdir(path).reduce((n, name) => n + sizeOf(fs, `${path === '/' ? '' : path}/${name}`), 0);
  } catch {
    return 0;
  }
}

export class AccountedVfs implements Vfs {
  constructor(
    private readonly inner: Vfs,
    private readonly budget: Budget,
  ) {}

  readFile(path: string): string {
    return this.inner.readFile(path);
  }
  writeFile(path: string, data: string, opts?: { append?: boolean }): void {
    const before = opts?.append ? 0 : sizeOf(this.inner, path);
    const delta = data.length - before;
    this.budget.fileBytes(delta);
    try {
      this.inner.writeFile(path, data, opts);
    } catch (e) {
      this.budget.fileBytes(-delta);
      throw e;
    }
  }
  exists(path: string): boolean {
    return this.inner.exists(path);
  }
  stat(path: string): VfsStat {
    return this.inner.stat(path);
  }
  readdir(path: string): string[] {
    return this.inner.readdir(path);
  }
  mkdir(path: string, opts?: { recursive?: boolean }): void {
    this.inner.mkdir(path, opts);
  }
  rm(path: string, opts?: { recursive?: boolean; force?: boolean }): void {
    const freed = sizeOf(this.inner, path);
    this.inner.rm(path, opts);
    if (freed) this.budget.fileBytes(-freed);
  }
  rename(from: string, to: string): void {
    this.inner.rename(from, to);
  }
  watch(path: string, onChange: () => void): () => void {
    return this.inner.watch(path, onChange);
  }
}
