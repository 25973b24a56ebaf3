/**
 * A container's filesystem: the image's root tree with volumes mounted over directories, as
 * the kubelet's volumeMounts do. A path is served by the mount with the longest matching
 * mountPath; writes under a readOnly mount fail with EROFS (busybox: "Read-only file system").
 */
import { VfsError, type Vfs, type VfsStat } from '../vfs-types';
import { basenameOf, dirnameOf, isUnder, joinPath, normalizePath } from './path';

export interface MountOptions {
  readOnly?: boolean;
}

interface MountEntry {
  path: string;
  vfs: Vfs;
  readOnly: boolean;
}

interface Resolved {
  vfs: Vfs;
  inner: string;
  readOnly: boolean;
  mountPath: string;
}

export class LayeredVfs implements Vfs {
  private mounts: MountEntry[] = [];

  constructor(private readonly root: Vfs) {}

  /** Mounts vfs at path (created in the layer below if missing); a later mount at the same path replaces it. */
  mount(path: string, vfs: Vfs, opts: MountOptions = {}): void {
    const p = normalizePath(path);
    this.ensureMountPoint(p);
    this.mounts = this.mounts.filter((m) => m.path !== p);
    this.mounts.push({ path: p, vfs, readOnly: opts.readOnly ?? false });
    // Longest mountPath first, so /var/log/nginx wins over /var/log.
    this.mounts.sort((a, b) => b.path.length - a.path.length);
  }

  /** Mount points, longest first (for `mount`/`df`-style listings and tests). */
  mountPoints(): string[] {
    return this.mounts.map((m) => m.path);
  }

  readFile(path: string): string {
    const r = this.resolve(path);
    return outer(path, r, () => r.vfs.readFile(r.inner));
  }

  writeFile(path: string, data: string, opts?: { append?: boolean }): void {
    const r = this.writable(path);
    outer(path, r, () => r.vfs.writeFile(r.inner, data, opts));
  }

  exists(path: string): boolean {
    const r = this.resolve(path);
    return r.vfs.exists(r.inner);
  }

  stat(path: string): VfsStat {
    const r = this.resolve(path);
    return outer(path, r, () => r.vfs.stat(r.inner));
  }

  readdir(path: string): string[] {
    const p = normalizePath(path);
    const r = this.resolve(p);
    const names = new Set(outer(p, r, () => r.vfs.readdir(r.inner)));
    for (const m of this.mounts) if (m.path !== '/' && dirnameOf(m.path) === p) names.add(basenameOf(m.path));
    return [...names].sort();
  }

  mkdir(path: string, opts?: { recursive?: boolean }): void {
    const p = normalizePath(path);
    if (this.mounts.some((m) => m.path === p)) {
      if (opts?.recursive) return;
      throw new VfsError('EEXIST', p);
    }
    const r = this.writable(p);
    outer(p, r, () => r.vfs.mkdir(r.inner, opts));
  }

  rm(path: string, opts?: { recursive?: boolean; force?: boolean }): void {
    const p = normalizePath(path);
    // A mount point is busy: empty it instead of unlinking it (rm -rf /data leaves /data).
    if (this.mounts.some((m) => isUnder(m.path, p) && m.path !== '/')) throw new VfsError('EACCES', p, `${p}: Device or resource busy`);
    const r = this.writable(p);
    outer(p, r, () => r.vfs.rm(r.inner, opts));
  }

  rename(from: string, to: string): void {
    const src = this.writable(from);
    const dst = this.writable(to);
    if (src.vfs === dst.vfs) {
      src.vfs.rename(src.inner, dst.inner);
      return;
    }
    // Across mounts rename(2) fails with EXDEV and mv falls back to copy + delete.
    copyTree(src.vfs, src.inner, dst.vfs, dst.inner);
    src.vfs.rm(src.inner, { recursive: true });
  }

  watch(path: string, onChange: () => void): () => void {
    const r = this.resolve(path);
    return r.vfs.watch(r.inner, onChange);
  }

  private resolve(path: string): Resolved {
    const p = normalizePath(path);
    for (const m of this.mounts) {
      if (isUnder(p, m.path)) return { vfs: m.vfs, inner: normalizePath(p.slice(m.path.length) || '/'), readOnly: m.readOnly, mountPath: m.path };
    }
    return { vfs: this.root, inner: p, readOnly: false, mountPath: '/' };
  }

  private writable(path: string): Resolved {
    const r = this.resolve(path);
    if (r.readOnly) throw new VfsError('EROFS', normalizePath(path));
    return r;
  }

  private ensureMountPoint(p: string): void {
    if (p === '/') return;
    try {
      const r = this.resolve(p);
      if (!r.vfs.exists(r.inner)) r.vfs.mkdir(r.inner, { recursive: true });
    } catch {
      // A read-only parent layer: the mount point is still listed through readdir.
    }
  }
}

/** Runs a call on a mounted filesystem, reporting errors with the container's path. */
function outer<T>(path: string, r: Resolved, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof VfsError && r.mountPath !== '/') throw new VfsError(e.code, normalizePath(path));
    throw e;
  }
}

/** Copies a file or directory tree between filesystems (cp -r, mv across mounts). */
export function copyTree(from: Vfs, src: string, to: Vfs, dst: string): void {
  const st = from.stat(src);
  if (st.type === 'file') {
    to.writeFile(dst, from.readFile(src));
    return;
  }
  if (!to.exists(dst)) to.mkdir(dst);
  for (const name of from.readdir(src)) copyTree(from, joinPath(src, name), to, joinPath(dst, name));
}
