/**
 * The sandbox host's records file (`sandbox-clusters.json` in the data dir): one entry per
 * cluster with its id, token and, once it has slept, its paused clock. The file is small and
 * rewritten whole, so it is written the way a crash or power cut cannot leave half of it:
 * a temp file written and fsynced, renamed over the old one, then the directory fsynced so
 * the rename itself is on disk. A file that cannot be read (damaged, truncated, huge) is
 * logged and set aside, never a reason the portal cannot start.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ClusterRecord {
  id: string;
  token: string;
  workers: number;
  createdAt: string;
  /**
   * The virtual clock when last saved (put to sleep, a clean stop, the host's periodic save): a
   * cluster loaded again resumes from it, so its clock is paused while it sleeps.
   */
  clock?: { now: number; scale: number; savedAt: string };
}

/**
 * Far above any real file (a record is ~200 bytes; 100,000 clusters make 20 MB): a bigger one
 * is not read into memory at start but set aside as damaged.
 */
export const MAX_RECORDS_FILE_BYTES = 64 * 2 ** 20;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether a string could be a cluster's id at all (a request naming anything else needs no lookup). */
export function hasClusterIdShape(id: string): boolean {
  return ID.test(id);
}
const TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

export interface RecordsRead {
  records: ClusterRecord[];
  /** The file did not exist. */
  missing: boolean;
  /** The file could not be read as a list of records: where it was moved (undefined if it could not be) and why. */
  damaged?: { setAsideAs?: string; reason: string };
  /** Entries dropped because they were not a valid record (or repeated an id). */
  skipped: number;
}

/** Whether a value read back (a records file entry, a PostgreSQL row) is a valid cluster record. */
export function isRecord(v: unknown): v is ClusterRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || !ID.test(r.id)) return false;
  if (typeof r.token !== 'string' || !TOKEN.test(r.token)) return false;
  if (typeof r.workers !== 'number' || !Number.isInteger(r.workers) || r.workers < 0 || r.workers > 64) return false;
  if (typeof r.createdAt !== 'string') return false;
  if (r.clock !== undefined) {
    const c = r.clock as Record<string, unknown>;
    if (typeof c !== 'object' || c === null) return false;
    if (typeof c.now !== 'number' || !Number.isFinite(c.now) || c.now < 0) return false;
    if (typeof c.scale !== 'number' || !Number.isFinite(c.scale) || c.scale < 0) return false;
    if (typeof c.savedAt !== 'string' || Number.isNaN(Date.parse(c.savedAt))) return false;
  }
  return true;
}

/** Where a damaged file is moved: beside it, named with the time, so nothing is overwritten. */
export function setAsideName(file: string, now: Date): string {
  return `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Reads the records. A file that is not JSON, not a list, or bigger than maxBytes is moved
 * aside (see setAsideName) and reported in `damaged`; entries of a readable list that are not
 * valid records are dropped and counted in `skipped`.
 */
export function readClusterRecords(file: string, opts: { now?: Date; maxBytes?: number } = {}): RecordsRead {
  const maxBytes = opts.maxBytes ?? MAX_RECORDS_FILE_BYTES;
  let reason: string;
  try {
    const size = fs.statSync(file).size;
    if (size > maxBytes) {
      reason = `${size} bytes, more than the ${maxBytes} a records file may have`;
    } else {
      const list: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (!Array.isArray(list)) {
        reason = 'not a JSON list of cluster records';
      } else {
        const seen = new Set<string>();
        const records: ClusterRecord[] = [];
        for (const entry of list) {
          if (!isRecord(entry) || seen.has(entry.id)) continue;
          seen.add(entry.id);
          records.push({ id: entry.id, token: entry.token, workers: entry.workers, createdAt: entry.createdAt, ...(entry.clock ? { clock: { now: entry.clock.now, scale: entry.clock.scale, savedAt: entry.clock.savedAt } } : {}) });
        }
        return { records, missing: false, skipped: list.length - records.length };
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], missing: true, skipped: 0 };
    reason = err instanceof Error ? err.message : String(err);
  }
  const setAsideAs = setAsideName(file, opts.now ?? new Date());
  try {
    fs.renameSync(file, setAsideAs);
  } catch (err) {
    // Still not a reason to stop: the portal starts, and the next save replaces the file.
    return { records: [], missing: false, damaged: { reason: `${reason}; it could not be moved aside: ${err instanceof Error ? err.message : String(err)}` }, skipped: 0 };
  }
  return { records: [], missing: false, damaged: { setAsideAs, reason }, skipped: 0 };
}

/** Writes the records atomically and durably (see the file comment); readable by the server's user only. */
export function writeClusterRecords(file: string, records: readonly ClusterRecord[]): void {
  // Serialised before any file is touched: a value that cannot be written leaves the old file.
  const text = JSON.stringify(records, null, 1);
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  // The rename is an entry in the directory: without this a power cut can undo it.
  const dirFd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}
