/**
 * The processes of one container (its PID namespace): the main process is PID 1, exec
 * sessions and background jobs get the next PIDs. `ps` lists them, `kill` signals them.
 */

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** The command line as `ps` prints it. */
  command: string;
  startedAt: number;
  /** Delivers a signal name ('TERM', 'KILL', 'INT', ...). */
  signal(name: string): void;
}

export class ProcessTable {
  private nextPid = 1;
  private readonly entries = new Map<number, ProcessEntry>();

  add(entry: Omit<ProcessEntry, 'pid'>): ProcessEntry {
    const e = { ...entry, pid: this.nextPid++ };
    this.entries.set(e.pid, e);
    return e;
  }

  remove(pid: number): void {
    this.entries.delete(pid);
  }

  get(pid: number): ProcessEntry | undefined {
    return this.entries.get(pid);
  }

  list(): ProcessEntry[] {
    return [...this.entries.values()].sort((a, b) => a.pid - b.pid);
  }
}
