/**
 * An in-memory filesystem: one per image root, emptyDir, hostPath tree, PersistentVolume or
 * projected volume. The same instance mounted into two containers is the same data, so a
 * write by one is read (and watched) by the other at once.
 */
import { VfsError, type Vfs, type VfsStat } from '../vfs-types';
import { dirnameOf, isUnder, normalizePath } from './path';
import type { DiskPool } from './disk-pool';

interface FileNode {
  type: 'file';
  data: string;
  mtimeMs: number;
  mode: number;
}

interface DirNode {
  type: 'dir';
  children: Set<string>;
  mtimeMs: number;
  mode: number;
}

type Node = FileNode | DirNode;

export interface MemoryVfsOptions {
  /** Modification times come from the cluster clock (find -mtime, ls -l, ls -t). */
  now?: () => number;
  /** Files created at construction (parents are created too). */
  files?: Record<string, string>;
  /** Total file bytes this tree may hold; writes beyond it fail with ENOSPC. */
  limitBytes?: number;
  /**
   * The disk this tree shares with others (the cluster's): bytes beyond the construction
   * files (an image's, which every container of that image shares) are charged to it, and a
   * write it cannot hold fails with ENOSPC. release() gives them back.
   */
  pool?: DiskPool;
}

/** Called with the change in stored bytes before a write is applied; throwing rejects the write. */
export type UsageListener = (deltaBytes: number, path: string) => void;

export const DEFAULT_FILE_MODE = 0o644;
export const DEFAULT_DIR_MODE = 0o755;

export class MemoryVfs implements Vfs {
  private readonly nodes = new Map<string, Node>();
  private readonly watchers = new Map<string, Set<() => void>>();
  private readonly usageListeners = new Set<UsageListener>();
  private readonly now: () => number;
  private readonly limitBytes: number;
  private used = 0;
  private pool: DiskPool | undefined;
  /** Bytes of the construction files: not charged to the pool. */
  private baseline = 0;
  /** Bytes charged to the pool now: max(0, used - baseline). */
  private pooled = 0;

  constructor(opts: MemoryVfsOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.limitBytes = opts.limitBytes ?? Infinity;
    this.nodes.set('/', { type: 'dir', children: new Set(), mtimeMs: this.now(), mode: DEFAULT_DIR_MODE });
    for (const [path, data] of Object.entries(opts.files ?? {})) {
      this.mkdir(dirnameOf(path), { recursive: true });
      this.writeFile(path, data);
    }
    this.baseline = this.used;
    this.pool = opts.pool;
  }

  /** The tree is discarded (its container or pod is gone): its bytes go back to the pool. */
  release(): void {
    if (this.pool && this.pooled) this.pool.charge(-this.pooled, '/');
    this.pooled = 0;
    this.baseline = this.used;
  }

  /** Bytes held by files (string length: the sandbox counts one byte per character). */
  usedBytes(): number {
    return this.used;
  }

  /** Budget hook: listener sees every growth or shrink of stored bytes; returns unsubscribe. */
  onUsage(listener: UsageListener): () => void {
    this.usageListeners.add(listener);
    return () => this.usageListeners.delete(listener);
  }

  readFile(path: string): string {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (!node) throw new VfsError('ENOENT', p);
    if (node.type === 'dir') throw new VfsError('EISDIR', p);
    return node.data;
  }

  writeFile(path: string, data: string, opts: { append?: boolean } = {}): void {
    const p = normalizePath(path);
    const existing = this.nodes.get(p);
    if (existing?.type === 'dir') throw new VfsError('EISDIR', p);
    const parent = this.parentDir(p);
    const delta = opts.append || !existing ? data.length : data.length - existing.data.length;
    this.account(delta, p);
    if (existing) {
      existing.data = opts.append ? existing.data + data : data;
      existing.mtimeMs = this.now();
    } else {
      this.nodes.set(p, { type: 'file', data, mtimeMs: this.now(), mode: DEFAULT_FILE_MODE });
      parent.children.add(p.slice(p.lastIndexOf('/') + 1));
      parent.mtimeMs = this.now();
    }
    this.notify(p);
  }

  exists(path: string): boolean {
    return this.nodes.has(normalizePath(path));
  }

  stat(path: string): VfsStat {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (!node) throw new VfsError('ENOENT', p);
    return { type: node.type, size: node.type === 'file' ? node.data.length : 4096, mtimeMs: node.mtimeMs, mode: node.mode };
  }

  /** Sets permission bits (configMap defaultMode, chmod). */
  setMode(path: string, mode: number): void {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (!node) throw new VfsError('ENOENT', p);
    node.mode = mode;
  }

  /** Sets the modification time (touch -d, tests of find -mtime). */
  setMtime(path: string, mtimeMs: number): void {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (!node) throw new VfsError('ENOENT', p);
    node.mtimeMs = mtimeMs;
  }

  readdir(path: string): string[] {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (!node) throw new VfsError('ENOENT', p);
    if (node.type !== 'dir') throw new VfsError('ENOTDIR', p);
    return [...node.children].sort();
  }

  mkdir(path: string, opts: { recursive?: boolean } = {}): void {
    const p = normalizePath(path);
    const existing = this.nodes.get(p);
    if (existing) {
      if (existing.type === 'dir' && opts.recursive) return;
      throw new VfsError(existing.type === 'dir' ? 'EEXIST' : 'ENOTDIR', p);
    }
    if (opts.recursive && !this.nodes.has(dirnameOf(p))) this.mkdir(dirnameOf(p), opts);
    const parent = this.parentDir(p);
    this.nodes.set(p, { type: 'dir', children: new Set(), mtimeMs: this.now(), mode: DEFAULT_DIR_MODE });
    parent.children.add(p.slice(p.lastIndexOf('/') + 1));
    parent.mtimeMs = this.now();
  }

  rm(path: string, opts: { recursive?: boolean; force?: boolean } = {}): void {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (!node) {
      if (opts.force) return;
      throw new VfsError('ENOENT', p);
    }
    if (p === '/') throw new VfsError('EACCES', p);
    if (node.type === 'dir' && node.children.size > 0 && !opts.recursive) throw new VfsError('ENOTEMPTY', p);
    const removed = [...this.nodes.keys()].filter((k) => isUnder(k, p));
    const freed = removed.reduce((n, k) => {
      const child = this.nodes.get(k)!;
      return n + (child.type === 'file' ? child.data.length : 0);
    }, 0);
    if (freed) this.account(-freed, p);
    for (const k of removed) this.nodes.delete(k);
    const parent = this.nodes.get(dirnameOf(p)) as DirNode;
    parent.children.delete(p.slice(p.lastIndexOf('/') + 1));
    parent.mtimeMs = this.now();
    for (const k of removed) this.notify(k);
  }

  rename(from: string, to: string): void {
    const src = normalizePath(from);
    const dst = normalizePath(to);
    const node = this.nodes.get(src);
    if (!node) throw new VfsError('ENOENT', src);
    if (src === dst) return;
    if (node.type === 'dir' && isUnder(dst, src)) throw new VfsError('EACCES', dst, `can't move '${src}' into itself`);
    const target = this.nodes.get(dst);
    if (target?.type === 'dir') throw new VfsError('EISDIR', dst);
    const dstParent = this.parentDir(dst);
    if (target) this.rm(dst);
    const moved = [...this.nodes.entries()].filter(([k]) => isUnder(k, src));
    for (const [k] of moved) this.nodes.delete(k);
    for (const [k, n] of moved) this.nodes.set(dst + k.slice(src.length), n);
    (this.nodes.get(dirnameOf(src)) as DirNode).children.delete(src.slice(src.lastIndexOf('/') + 1));
    dstParent.children.add(dst.slice(dst.lastIndexOf('/') + 1));
    this.notify(src);
    this.notify(dst);
  }

  watch(path: string, onChange: () => void): () => void {
    const p = normalizePath(path);
    let set = this.watchers.get(p);
    if (!set) this.watchers.set(p, (set = new Set()));
    set.add(onChange);
    return () => {
      set.delete(onChange);
      if (set.size === 0) this.watchers.delete(p);
    };
  }

  private parentDir(p: string): DirNode {
    const dir = dirnameOf(p);
    const parent = this.nodes.get(dir);
    if (!parent) throw new VfsError('ENOENT', p);
    if (parent.type !== 'dir') throw new VfsError('ENOTDIR', p);
    return parent;
  }

  private account(delta: number, path: string): void {
    if (delta > 0 && this.used + delta > this.limitBytes) throw new VfsError('ENOSPC', path);
    const pooled = Math.max(0, this.used + delta - this.baseline);
    const charge = pooled - this.pooled;
    if (this.pool && charge) this.pool.charge(charge, path);
    try {
      for (const l of this.usageListeners) l(delta, path);
    } catch (e) {
      if (this.pool && charge) this.pool.charge(-charge, path);
      throw e;
    }
    if (this.pool) this.pooled = pooled;
    this.used += delta;
  }

  private notify(p: string): void {
    const set = this.watchers.get(p);
    if (set) for (const fn of [...set]) fn();
  }
}
