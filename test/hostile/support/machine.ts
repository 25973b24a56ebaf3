/**
 * What the portal process does to the machine, read from /proc and the file system: its
 * process tree, the TCP ports that tree listens on, its memory, and the top-level entries of
 * the folders a learner might try to write into.
 */
import fs from 'node:fs';
import { HOSTILE_PORT } from './layout';

interface ListenRow {
  port: number;
  inode: string;
}

export function listeningSockets(): ListenRow[] {
  const rows: ListenRow[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // st 0A = LISTEN
      if (f.length < 10 || f[3] !== '0A') continue;
      rows.push({ port: parseInt(f[1].split(':')[1], 16), inode: f[9] });
    }
  }
  return rows;
}

export function isListening(port: number): boolean {
  return listeningSockets().some((r) => r.port === port);
}

function pids(): number[] {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

function socketInodesOf(pid: number): Set<string> {
  const out = new Set<string>();
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const fd of fds) {
    try {
      const m = fs.readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
      if (m) out.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

let cachedServerPid: number | undefined;

/** The process listening on the portal's port (found once, then remembered while it lives). */
export function serverPid(port = HOSTILE_PORT): number | undefined {
  if (cachedServerPid && fs.existsSync(`/proc/${cachedServerPid}`)) return cachedServerPid;
  const inodes = new Set(listeningSockets().filter((r) => r.port === port).map((r) => r.inode));
  if (inodes.size === 0) return undefined;
  for (const pid of pids()) {
    for (const inode of socketInodesOf(pid)) {
      if (inodes.has(inode)) {
        cachedServerPid = pid;
        return pid;
      }
    }
  }
  return undefined;
}

/** The server and all its descendants (kubectl runs, helpers). */
export function processTree(root: number): number[] {
  const all = pids();
  const children = new Map<number, number[]>();
  for (const p of all) {
    const parent = parentOf(p);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/** Ports on which the portal's process tree listens. */
export function portsOfTree(root: number): number[] {
  const inodes = new Set<string>();
  for (const p of processTree(root)) for (const i of socketInodesOf(p)) inodes.add(i);
  return [...new Set(listeningSockets().filter((r) => inodes.has(r.inode)).map((r) => r.port))].sort((a, b) => a - b);
}

export function rssBytes(pid: number): number {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) * 1024 : 0;
}

/** Top-level names of a folder with their modification times. */
export function entries(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    try {
      out.set(n, fs.lstatSync(`${dir}/${n}`).mtimeMs);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
