/**
 * The virtual filesystem a container sees: its image's files plus its mounts. Synchronous
 * and in memory; paths are absolute and normalised by the implementation (runtime/vfs/).
 */
export type VfsErrorCode = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EEXIST' | 'ENOTEMPTY' | 'EROFS' | 'ENOSPC' | 'EACCES';

export class VfsError extends Error {
  constructor(readonly code: VfsErrorCode, readonly path: string, message?: string) {
    super(message ?? `${path}: ${VFS_MESSAGES[code]}`);
    this.name = 'VfsError';
  }
}

/** The messages busybox prints after `<cmd>: <path>: `. */
export const VFS_MESSAGES: Record<VfsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
  EACCES: 'Permission denied',
};

export interface VfsStat {
  type: 'file' | 'dir';
  size: number;
  mtimeMs: number;
  mode: number;
}

export interface Vfs {
  readFile(path: string): string;
  /** Creates or replaces (append: adds to the end); parent directories must exist. */
  writeFile(path: string, data: string, opts?: { append?: boolean }): void;
  exists(path: string): boolean;
  stat(path: string): VfsStat;
  readdir(path: string): string[];
  mkdir(path: string, opts?: { recursive?: boolean }): void;
  rm(path: string, opts?: { recursive?: boolean; force?: boolean }): void;
  rename(from: string, to: string): void;
  /** Calls onChange after every write to path (tail -f, log shippers); returns unsubscribe. */
  watch(path: string, onChange: () => void): () => void;
}
