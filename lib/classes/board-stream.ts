/**
 * The live board's feed for one class: the rows once, then a row whenever its learner changes.
 * Routes that change a learner signal it (signals.ts); signals are gathered for `debounceMs` and
 * each changed learner re-read once. Pods in trouble change without any learner action (a
 * CrashLoopBackOff comes by itself), so every `podScanMs` the awake clusters' pods are read and
 * only rows whose troubles changed are sent. Last-seen is sent as a time; the page counts.
 */
import type { BoardRow, BoardSource } from './board';
import { boardRow, boardRows } from './board';
import type { LearnerSignals } from './signals';

export interface BoardFeedOptions {
  debounceMs?: number;
  podScanMs?: number;
}

export interface BoardFeed {
  close(): void;
}

export type BoardMessage = { type: 'rows'; rows: BoardRow[] } | { type: 'row'; row: BoardRow } | { type: 'gone'; id: string };

export function startBoardFeed(src: BoardSource, signals: LearnerSignals, classId: string, send: (m: BoardMessage) => void, opts: BoardFeedOptions = {}): BoardFeed {
  const debounceMs = opts.debounceMs ?? 50;
  const podScanMs = opts.podScanMs ?? 5_000;
  const members = () => new Set(src.db.prepare<[string], { learner_id: string }>('SELECT learner_id FROM class_members WHERE class_id = ?').all(classId).map((r) => r.learner_id));
  const rows = boardRows(src, classId);
  const known = new Map(rows.map((r) => [r.id, JSON.stringify(r)]));
  send({ type: 'rows', rows });

  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const inClass = members();
    for (const id of pending) {
      const row = inClass.has(id) ? boardRow(src, id) : undefined;
      if (!row) {
        if (known.delete(id)) send({ type: 'gone', id });
        continue;
      }
      const text = JSON.stringify(row);
      if (known.get(id) === text) continue;
      known.set(id, text);
      send({ type: 'row', row });
    }
    pending.clear();
  };
  const off = signals.on((id) => {
    pending.add(id);
    timer ??= setTimeout(flush, debounceMs);
  });
  const scan = setInterval(() => {
    // This flush covers any debounce in flight.
    clearTimeout(timer);
    for (const id of members()) pending.add(id);
    for (const id of known.keys()) pending.add(id);
    flush();
  }, podScanMs);
  return {
    close() {
      off();
      clearTimeout(timer);
      clearInterval(scan);
    },
  };
}
