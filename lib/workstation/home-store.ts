/**
 * A learner's home directory on the workstation, kept between visits: the files under HOME
 * as one JSON document per learner in the data directory (named by a hash of the learner's
 * id, so no id ever becomes a path). Bounded by HOME_LIMIT_BYTES; a stored document that is
 * larger, or not what we wrote, is ignored rather than trusted.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Vfs } from '../k8s/sandbox/runtime/vfs-types';

export const HOME = '/home/learner';
/** What a home directory may hold (the workstation's whole filesystem is bounded by this too). */
export const HOME_LIMIT_BYTES = 1024 * 1024;
/** Files and directories a home may hold. */
export const HOME_MAX_ENTRIES = 2000;

export interface HomeStore {
  load(learnerId: string): Record<string, string>;
  save(learnerId: string, files: Record<string, string>): void;
}

export class HomeTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`the home directory holds ${bytes} bytes; the limit is ${HOME_LIMIT_BYTES}`);
    this.name = 'HomeTooLargeError';
  }
}

/** Files under HOME (paths relative to it), walking at most HOME_MAX_ENTRIES entries. */
export function snapshotHome(vfs: Vfs): Record<string, string> {
  const files: Record<string, string> = {};
  let entries = 0;
  let bytes = 0;
  const walk = (dir: string) => {
    for (const name of vfs.readdir(dir)) {
      if (++entries > HOME_MAX_ENTRIES) return;
      const p = `${dir}/${name}`;
      const st = vfs.stat(p);
      if (st.type === 'dir') walk(p);
      else if (st.type === 'file') {
        const data = vfs.readFile(p);
        bytes += data.length;
        if (bytes > HOME_LIMIT_BYTES) throw new HomeTooLargeError(bytes);
        files[p.slice(HOME.length + 1)] = data;
      }
    }
  };
  if (vfs.exists(HOME)) walk(HOME);
  return files;
}

const SAFE_REL = /^(?!.*(^|\/)\.\.?(\/|$))[^\0]{1,1024}$/;

/** Keeps only entries that are plain relative paths with string contents, within the bounds. */
export function sanitizeHome(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  let bytes = 0;
  let n = 0;
  for (const [rel, data] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof data !== 'string' || !SAFE_REL.test(rel) || rel.startsWith('/')) continue;
    if (++n > HOME_MAX_ENTRIES) break;
    bytes += data.length;
    if (bytes > HOME_LIMIT_BYTES) break;
    out[rel] = data;
  }
  return out;
}

export class FileHomeStore implements HomeStore {
  constructor(private readonly dir: string) {}

  private file(learnerId: string): string {
    return path.join(this.dir, `${crypto.createHash('sha256').update(learnerId).digest('hex').slice(0, 32)}.json`);
  }

  load(learnerId: string): Record<string, string> {
    try {
      const text = fs.readFileSync(this.file(learnerId), 'utf8');
      if (text.length > HOME_LIMIT_BYTES * 2) return {};
      return sanitizeHome(JSON.parse(text));
    } catch {
      return {};
    }
  }

  save(learnerId: string, files: Record<string, string>): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const target = this.file(learnerId);
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(files), { mode: 0o600 });
    fs.renameSync(tmp, target);
  }
}

/** For tests and for a portal without a data directory. */
export class MemoryHomeStore implements HomeStore {
  readonly homes = new Map<string, Record<string, string>>();
  load(learnerId: string): Record<string, string> {
    return { ...(this.homes.get(learnerId) ?? {}) };
  }
  save(learnerId: string, files: Record<string, string>): void {
    this.homes.set(learnerId, { ...files });
  }
}
