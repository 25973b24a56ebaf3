import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readClusterRecords, setAsideName, writeClusterRecords, type ClusterRecord } from './records-file';

const record = (id: string, extra: Partial<ClusterRecord> = {}): ClusterRecord => ({ id, token: `t-${id}`, workers: 3, createdAt: '2026-01-01T00:00:00.000Z', ...extra });

let dir: string;
const fileIn = () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-records-'));
  return path.join(dir, 'sandbox-clusters.json');
};
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('writeClusterRecords', () => {
  it('writes a temp file, fsyncs it, renames it over the old one, then fsyncs the directory', () => {
    const file = fileIn();
    const calls: string[] = [];
    const fdPaths = new Map<number, string>();
    const open = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      const fd = open(p, flags ?? 'r', mode);
      fdPaths.set(fd, String(p));
      return fd;
    }) as typeof fs.openSync);
    const fsync = fs.fsyncSync;
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
      calls.push(`fsync ${path.basename(fdPaths.get(fd) ?? '?')}`);
      fsync(fd);
    });
    const rename = fs.renameSync;
    vi.spyOn(fs, 'renameSync').mockImplementation((a: fs.PathLike, b: fs.PathLike) => {
      calls.push(`rename ${path.basename(String(a))} -> ${path.basename(String(b))}`);
      rename(a, b);
    });
    writeClusterRecords(file, [record('a')]);
    expect(calls).toEqual(['fsync sandbox-clusters.json.tmp', 'rename sandbox-clusters.json.tmp -> sandbox-clusters.json', `fsync ${path.basename(dir)}`]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual([record('a')]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
  });

  it('leaves the old file whole when the new records cannot be written', () => {
    const file = fileIn();
    writeClusterRecords(file, [record('a')]);
    const bad = [record('b', { workers: 1n as unknown as number })];
    expect(() => writeClusterRecords(file, bad)).toThrow(/BigInt/);
    expect(readClusterRecords(file).records).toEqual([record('a')]);
  });

  it('is not misled by a temp file a crash left behind', () => {
    const file = fileIn();
    fs.writeFileSync(`${file}.tmp`, '[{"id": "half');
    writeClusterRecords(file, [record('a')]);
    expect(readClusterRecords(file).records).toEqual([record('a')]);
  });
});

describe('readClusterRecords', () => {
  it('reads nothing, and says so, when there is no file', () => {
    const file = fileIn();
    expect(readClusterRecords(file)).toEqual({ records: [], missing: true, skipped: 0 });
  });

  it('sets a truncated file aside under a dated name and reports the parse error', () => {
    const file = fileIn();
    fs.writeFileSync(file, '[{"id": "c1", "tok');
    const now = new Date('2026-03-04T05:06:07.089Z');
    const read = readClusterRecords(file, { now });
    expect(read.records).toEqual([]);
    expect(read.damaged?.setAsideAs).toBe(setAsideName(file, now));
    expect(read.damaged?.setAsideAs).toMatch(/sandbox-clusters\.json\.damaged-2026-03-04T05-06-07-089Z$/);
    expect(read.damaged?.reason).toMatch(/JSON/);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readFileSync(read.damaged!.setAsideAs!, 'utf8')).toBe('[{"id": "c1", "tok');
  });

  it('reports a damaged file it cannot move aside instead of throwing', () => {
    const file = fileIn();
    fs.writeFileSync(file, 'not json');
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    const read = readClusterRecords(file);
    expect(read.records).toEqual([]);
    expect(read.damaged?.setAsideAs).toBeUndefined();
    expect(read.damaged?.reason).toMatch(/JSON.*; it could not be moved aside: EACCES/);
  });

  it('sets aside a file bigger than the limit without reading it', () => {
    const file = fileIn();
    fs.writeFileSync(file, `[${' '.repeat(2000)}]`);
    const read = readClusterRecords(file, { maxBytes: 1000 });
    expect(read.damaged?.reason).toMatch(/2002 bytes, more than the 1000/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('sets aside JSON that is not a list of records', () => {
    const file = fileIn();
    fs.writeFileSync(file, '{"clusters": []}');
    expect(readClusterRecords(file).damaged?.reason).toBe('not a JSON list of cluster records');
  });

  it('keeps the valid records of a list and drops malformed, hostile and repeated entries', () => {
    const file = fileIn();
    const entries = [
      record('good'),
      record('good'),
      { ...record('x'), id: '../../etc' },
      { ...record('y'), token: 'has space' },
      { ...record('z'), workers: 1e9 },
      { ...record('w'), clock: { now: -1, scale: 1, savedAt: 'x' } },
      null,
      'c123',
      record('paused', { clock: { now: 1_000, scale: 60, savedAt: '2026-01-01T00:00:00.000Z' } }),
    ];
    fs.writeFileSync(file, JSON.stringify(entries));
    const read = readClusterRecords(file);
    expect(read.records.map((r) => r.id)).toEqual(['good', 'paused']);
    expect(read.records[1].clock).toEqual({ now: 1_000, scale: 60, savedAt: '2026-01-01T00:00:00.000Z' });
    expect(read.skipped).toBe(7);
    expect(read.damaged).toBeUndefined();
  });
});
