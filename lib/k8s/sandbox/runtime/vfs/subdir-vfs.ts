/**
 * A directory of another filesystem seen as a whole filesystem: a hostPath volume is the
 * node's tree at that path, a volumeMount subPath is a directory inside a volume.
 */
import type { Vfs, VfsStat } from '../vfs-types';
import { normalizePath } from './path';

export class SubdirVfs implements Vfs {
  private readonly base: string;

  /** Creates dir in the backing filesystem if missing (hostPath DirectoryOrCreate, subPath). */
  constructor(private readonly backing: Vfs, dir: string) {
    this.base = normalizePath(dir);
    if (!backing.exists(this.base)) backing.mkdir(this.base, { recursive: true });
  }

  private at(path: string): string {
    const p = normalizePath(path);
    return this.base === '/' ? p : p === '/' ? this.base : this.base + p;
  }

  readFile(path: string): string {
    return this.backing.readFile(this.at(path));
  }
  writeFile(path: string, data: string, opts?: { append?: boolean }): void {
    this.backing.writeFile(this.at(path), data, opts);
  }
  exists(path: string): boolean {
    return this.backing.exists(this.at(path));
  }
  stat(path: string): VfsStat {
    return this.backing.stat(this.at(path));
  }
  readdir(path: string): string[] {
    return this.backing.readdir(this.at(path));
  }
  mkdir(path: string, opts?: { recursive?: boolean }): void {
    this.backing.mkdir(this.at(path), opts);
  }
  rm(path: string, opts?: { recursive?: boolean; force?: boolean }): void {
    this.backing.rm(this.at(path), opts);
  }
  rename(from: string, to: string): void {
    this.backing.rename(this.at(from), this.at(to));
  }
  watch(path: string, onChange: () => void): () => void {
    return this.backing.watch(this.at(path), onChange);
  }
}
