/**
 * Cases share one portal and run in two workers. Most may overlap; a case that measures the
 * portal's liveliness or memory must have it to itself, or the other worker's case would be
 * measured with it. A readers-writer lock across processes (directories under .data): every case
 * holds a shared turn, a case that must be alone takes the exclusive one and waits until the
 * shared holders are done; new shared turns wait while an exclusive one is held or wanted.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR } from './layout';

const DIR = path.join(REPO_DIR, '.data', 'hostile-turns');
const EXCLUSIVE = path.join(DIR, 'exclusive');
const SHARED = path.join(DIR, 'shared');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The exclusive turn's holder, or undefined (a dead holder's turn is taken back). */
function exclusiveHolder(): number | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(EXCLUSIVE, 'pid'), 'utf8'));
  } catch {
    // being made (no pid yet) counts as held; gone counts as free
    return fs.existsSync(EXCLUSIVE) ? -1 : undefined;
  }
  if (pid > 0 && !alive(pid)) {
    fs.rmSync(EXCLUSIVE, { recursive: true, force: true });
    return undefined;
  }
  return pid;
}

function liveSharedHolders(): string[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(SHARED);
  } catch {
    return [];
  }
  return names.filter((n) => {
    if (alive(Number(n.split('-')[0]))) return true;
    fs.rmSync(path.join(SHARED, n), { force: true });
    return false;
  });
}

export type Release = () => void;

export async function sharedTurn(): Promise<Release> {
  fs.mkdirSync(SHARED, { recursive: true });
  const mine = path.join(SHARED, `${process.pid}-${randomBytes(4).toString('hex')}`);
  for (;;) {
    while (exclusiveHolder() !== undefined) await sleep(50);
    fs.writeFileSync(mine, '');
    if (exclusiveHolder() === undefined) return () => fs.rmSync(mine, { force: true });
    fs.rmSync(mine, { force: true });
  }
}

export async function exclusiveTurn(): Promise<Release> {
  fs.mkdirSync(DIR, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(EXCLUSIVE);
      fs.writeFileSync(path.join(EXCLUSIVE, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      exclusiveHolder();
      await sleep(50);
    }
  }
  while (liveSharedHolders().length > 0) await sleep(50);
  return () => fs.rmSync(EXCLUSIVE, { recursive: true, force: true });
}
