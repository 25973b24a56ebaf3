/**
 * LogStore: what `kubectl logs` reads. The kubelet (a later issue) appends lines per
 * container run; the API server reads, tails and follows them.
 */
export interface LogLine {
  /** Virtual epoch ms when the line was written. */
  time: number;
  text: string;
}

export interface LogKey {
  namespace: string;
  pod: string;
  container: string;
  /** 0 for the current run, 1 for the previous one (kubectl logs --previous). */
  previous?: boolean;
}

export interface LogStore {
  append(key: Omit<LogKey, 'previous'>, line: LogLine): void;
  /** Starts a new run: the current log becomes the previous one. */
  rotate(key: Omit<LogKey, 'previous'>): void;
  read(key: LogKey): LogLine[];
  /** Calls onLine for every new line of the current run; returns unsubscribe. */
  follow(key: Omit<LogKey, 'previous'>, onLine: (line: LogLine) => void): () => void;
  /** Drops every log of a pod (pod deleted). */
  removePod(namespace: string, pod: string): void;
}

/** Caps each container's current log so a chatty loop cannot eat the server's memory. */
export const MAX_LINES_PER_CONTAINER = 10_000;

export class MemoryLogStore implements LogStore {
  private readonly current = new Map<string, LogLine[]>();
  private readonly previous = new Map<string, LogLine[]>();
  private readonly followers = new Map<string, Set<(line: LogLine) => void>>();

  constructor(private readonly maxLines = MAX_LINES_PER_CONTAINER) {}

  private id(k: Omit<LogKey, 'previous'>): string {
    return `${k.namespace}/${k.pod}/${k.container}`;
  }

  append(key: Omit<LogKey, 'previous'>, line: LogLine): void {
    const id = this.id(key);
    let lines = this.current.get(id);
    if (!lines) this.current.set(id, (lines = []));
    lines.push(line);
    if (lines.length > this.maxLines) lines.splice(0, lines.length - this.maxLines);
    for (const f of this.followers.get(id) ?? []) f(line);
  }

  rotate(key: Omit<LogKey, 'previous'>): void {
    const id = this.id(key);
    this.previous.set(id, this.current.get(id) ?? []);
    this.current.set(id, []);
  }

  read(key: LogKey): LogLine[] {
    const id = this.id(key);
    return [...((key.previous ? this.previous : this.current).get(id) ?? [])];
  }

  follow(key: Omit<LogKey, 'previous'>, onLine: (line: LogLine) => void): () => void {
    const id = this.id(key);
    let set = this.followers.get(id);
    if (!set) this.followers.set(id, (set = new Set()));
    set.add(onLine);
    return () => set.delete(onLine);
  }

  removePod(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const map of [this.current, this.previous]) for (const k of [...map.keys()]) if (k.startsWith(prefix)) map.delete(k);
  }
}

/** Selects lines as `kubectl logs` options do: sinceSeconds, tailLines, timestamps. */
export function selectLines(lines: LogLine[], opts: { now: number; sinceSeconds?: number; tailLines?: number }): LogLine[] {
  let out = lines;
  if (opts.sinceSeconds !== undefined) out = out.filter((l) => l.time >= opts.now - opts.sinceSeconds! * 1000);
  if (opts.tailLines !== undefined) out = opts.tailLines <= 0 ? [] : out.slice(-opts.tailLines);
  return out;
}

/** RFC3339Nano as the kubelet prefixes lines with --timestamps. */
export function formatLogLine(line: LogLine, timestamps: boolean): string {
  const text = line.text.endsWith('\n') ? line.text : `${line.text}\n`;
  if (!timestamps) return text;
  const iso = new Date(line.time).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
  return `${iso} ${text}`;
}
