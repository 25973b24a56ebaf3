/**
 * The log view's filter: the lines that contain what the learner typed (case-insensitive, as
 * `grep -i -F`), with where it matched so the view can mark it. The query is text, never a
 * pattern: `.*` or `(` mean themselves, and no input can make the filter backtrack.
 */

/** Longer queries are cut: no log line a learner reads is matched by a paragraph. */
export const LOG_FILTER_MAX = 200;

export interface LogLine {
  /** 1-based line number in the log as received (the filter keeps it, as `grep -n`). */
  number: number;
  text: string;
  /** [start, end) of each match in `text`, in order, not overlapping. */
  matches: [number, number][];
}

export interface FilteredLog {
  lines: LogLine[];
  /** Lines in the whole log (a final newline does not start another). */
  total: number;
}

export function logLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function filterLog(text: string, query: string): FilteredLog {
  const all = logLines(text);
  const q = query.slice(0, LOG_FILTER_MAX).toLowerCase();
  if (q === '') return { lines: all.map((t, i) => ({ number: i + 1, text: t, matches: [] })), total: all.length };
  const lines: LogLine[] = [];
  all.forEach((t, i) => {
    const lower = t.toLowerCase();
    const matches: [number, number][] = [];
    for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length)) matches.push([at, at + q.length]);
    if (matches.length) lines.push({ number: i + 1, text: t, matches });
  });
  return { lines, total: all.length };
}
