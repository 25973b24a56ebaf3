/**
 * The terminal's line editor, as a pure state machine: key strings in (as xterm.js delivers
 * them), a new state and effects out. Emacs-style keys as in readline (bash's defaults):
 * cursor and word movement, kill and yank, history with ↑/↓ and Ctrl+R reverse search,
 * Tab asks for completion, and bracketed paste (xterm's `ESC[200~ … ESC[201~`) so a pasted
 * block of several lines becomes several submitted lines instead of one glued line.
 * Drawing is in render.ts; nothing here touches the DOM.
 */
import { PASTE_END, PASTE_START, splitKeys } from './keys';

export const HISTORY_LIMIT = 500;
/** A paste larger than this is cut (a learner pasting a log file must not freeze the tab). */
export const PASTE_LIMIT = 64 * 1024;
/** Longest line the editor holds; typing past it is ignored. */
export const LINE_LIMIT = 16 * 1024;

export interface SearchState {
  query: string;
  /** Index in history of the current match, or -1 when nothing matches. */
  match: number;
}

export interface EditorState {
  buffer: string;
  cursor: number;
  history: string[];
  /** Index into history while browsing; history.length when editing a new line. */
  historyIndex: number;
  /** The line being typed before ↑ was pressed, given back by ↓. */
  draft: string;
  /** Text cut by Ctrl+U/K/W, put back by Ctrl+Y. */
  killed: string;
  search?: SearchState;
  /** Inside a bracketed paste: the text received so far. */
  paste?: string;
}

export type EditorEffect =
  /** Lines to run, in order (one for Enter, several for a pasted block). */
  | { type: 'submit'; lines: string[] }
  /** Tab: complete the word before the cursor. */
  | { type: 'complete' }
  /** Ctrl+C at the prompt: the line is abandoned. */
  | { type: 'interrupt'; line: string }
  | { type: 'clear-screen' }
  /** A paste was cut at PASTE_LIMIT. */
  | { type: 'paste-truncated'; bytes: number };

export function emptyEditor(history: string[] = []): EditorState {
  const h = history.slice(-HISTORY_LIMIT);
  return { buffer: '', cursor: 0, history: h, historyIndex: h.length, draft: '', killed: '' };
}

/** Feeds one onData chunk (any number of keys) to the editor. */
export function feed(state: EditorState, data: string): { state: EditorState; effects: EditorEffect[] } {
  let s = state;
  const effects: EditorEffect[] = [];
  for (const key of splitKeys(data)) {
    const r = key1(s, key);
    s = r.state;
    if (r.effect) {
      const last = effects[effects.length - 1];
      // Consecutive submits (a paste, or fast typing of several lines) merge into one effect.
      if (r.effect.type === 'submit' && last?.type === 'submit') last.lines.push(...r.effect.lines);
      else effects.push(r.effect);
    }
  }
  return { state: s, effects };
}

type Step = { state: EditorState; effect?: EditorEffect };

function key1(s: EditorState, key: string): Step {
  if (s.paste !== undefined) return pasteKey(s, key);
  if (key === PASTE_START) return { state: { ...s, paste: '' } };
  if (s.search) return searchKey(s, key);
  return editKey(s, key);
}

function pasteKey(s: EditorState, key: string): Step {
  if (key === PASTE_END) return insertPaste({ ...s, paste: undefined }, s.paste ?? '');
  if (s.paste!.length >= PASTE_LIMIT) return { state: s };
  return { state: { ...s, paste: s.paste + key } };
}

/** Inserts pasted text; every complete line in it is submitted, the tail stays on the prompt. */
function insertPaste(s: EditorState, text: string): Step {
  const truncated = text.length >= PASTE_LIMIT;
  const parts = text.replace(/\r\n?/g, '\n').split('\n');
  const clean = (t: string) => t.replace(/\t/g, '  ').replace(/[\x00-\x1f\x7f]/g, '');
  if (parts.length === 1) {
    const st = insert(s, clean(parts[0]));
    return { state: st, effect: truncated ? { type: 'paste-truncated', bytes: PASTE_LIMIT } : undefined };
  }
  const before = s.buffer.slice(0, s.cursor);
  const after = s.buffer.slice(s.cursor);
  const lines = [before + clean(parts[0]), ...parts.slice(1, -1).map(clean)];
  let history = s.history;
  for (const l of lines) history = remember(history, l);
  const tail = clean(parts[parts.length - 1]);
  const next: EditorState = { ...emptyEditor(history), killed: s.killed, buffer: tail + after, cursor: tail.length };
  return { state: next, effect: { type: 'submit', lines } };
}

function remember(history: string[], line: string): string[] {
  if (!line.trim() || history[history.length - 1] === line) return history;
  // A line starting with a space stays out of history, as with bash's HISTCONTROL=ignorespace.
  if (line.startsWith(' ')) return history;
  return [...history, line].slice(-HISTORY_LIMIT);
}

function insert(s: EditorState, text: string): EditorState {
  const room = LINE_LIMIT - s.buffer.length;
  if (room <= 0 || !text) return s;
  const t = text.slice(0, room);
  return { ...s, buffer: s.buffer.slice(0, s.cursor) + t + s.buffer.slice(s.cursor), cursor: s.cursor + t.length };
}

const isWordChar = (c: string) => /[A-Za-z0-9_]/.test(c);

/** Start of the word before `pos` (readline's backward-word: skip non-word, then word chars). */
export function wordLeft(buffer: string, pos: number): number {
  let i = pos;
  while (i > 0 && !isWordChar(buffer[i - 1])) i--;
  while (i > 0 && isWordChar(buffer[i - 1])) i--;
  return i;
}

export function wordRight(buffer: string, pos: number): number {
  let i = pos;
  while (i < buffer.length && !isWordChar(buffer[i])) i++;
  while (i < buffer.length && isWordChar(buffer[i])) i++;
  return i;
}

/** Ctrl+W kills back to whitespace (unix-word-rubout), unlike Alt+Backspace. */
function whitespaceWordLeft(buffer: string, pos: number): number {
  let i = pos;
  while (i > 0 && buffer[i - 1] === ' ') i--;
  while (i > 0 && buffer[i - 1] !== ' ') i--;
  return i;
}

function kill(s: EditorState, from: number, to: number): EditorState {
  if (from === to) return s;
  return { ...s, buffer: s.buffer.slice(0, from) + s.buffer.slice(to), cursor: from, killed: s.buffer.slice(from, to) };
}

function historyMove(s: EditorState, delta: number): EditorState {
  const i = s.historyIndex + delta;
  if (i < 0 || i > s.history.length) return s;
  const draft = s.historyIndex === s.history.length ? s.buffer : s.draft;
  const buffer = i === s.history.length ? draft : s.history[i];
  return { ...s, historyIndex: i, buffer, cursor: buffer.length, draft };
}

function submit(s: EditorState): Step {
  const line = s.buffer;
  return { state: { ...emptyEditor(remember(s.history, line)), killed: s.killed }, effect: { type: 'submit', lines: [line] } };
}

function editKey(s: EditorState, key: string): Step {
  switch (key) {
    case '\r':
    case '\n':
      return submit(s);
    case '\x7f':
    case '\b':
      return { state: s.cursor === 0 ? s : { ...s, buffer: s.buffer.slice(0, s.cursor - 1) + s.buffer.slice(s.cursor), cursor: s.cursor - 1 } };
    case '\x1b[3~':
    case '\x04': // Ctrl+D deletes forward; on an empty line it does nothing (no shell to leave)
      return { state: s.cursor >= s.buffer.length ? s : { ...s, buffer: s.buffer.slice(0, s.cursor) + s.buffer.slice(s.cursor + 1) } };
    case '\x1b[D':
    case '\x1bOD':
    case '\x02':
      return { state: { ...s, cursor: Math.max(0, s.cursor - 1) } };
    case '\x1b[C':
    case '\x1bOC':
    case '\x06':
      return { state: { ...s, cursor: Math.min(s.buffer.length, s.cursor + 1) } };
    case '\x1b[1;5D':
    case '\x1b[1;3D':
    case '\x1bb':
      return { state: { ...s, cursor: wordLeft(s.buffer, s.cursor) } };
    case '\x1b[1;5C':
    case '\x1b[1;3C':
    case '\x1bf':
      return { state: { ...s, cursor: wordRight(s.buffer, s.cursor) } };
    case '\x1b[H':
    case '\x1bOH':
    case '\x1b[1~':
    case '\x01':
      return { state: { ...s, cursor: 0 } };
    case '\x1b[F':
    case '\x1bOF':
    case '\x1b[4~':
    case '\x05':
      return { state: { ...s, cursor: s.buffer.length } };
    case '\x1b[A':
    case '\x1bOA':
    case '\x10':
      return { state: historyMove(s, -1) };
    case '\x1b[B':
    case '\x1bOB':
    case '\x0e':
      return { state: historyMove(s, 1) };
    case '\x15':
      return { state: kill(s, 0, s.cursor) };
    case '\x0b':
      return { state: kill(s, s.cursor, s.buffer.length) };
    case '\x17':
      return { state: kill(s, whitespaceWordLeft(s.buffer, s.cursor), s.cursor) };
    case '\x1b\x7f':
      return { state: kill(s, wordLeft(s.buffer, s.cursor), s.cursor) };
    case '\x1bd':
      return { state: kill(s, s.cursor, wordRight(s.buffer, s.cursor)) };
    case '\x19':
      return { state: insert(s, s.killed) };
    case '\x0c':
      return { state: s, effect: { type: 'clear-screen' } };
    case '\x03':
      return { state: { ...emptyEditor(s.history), killed: s.killed }, effect: { type: 'interrupt', line: s.buffer } };
    case '\t':
      return { state: s, effect: { type: 'complete' } };
    case '\x12':
      return { state: { ...s, search: { query: '', match: -1 } } };
    default:
      if (key.startsWith('\x1b')) return { state: s }; // a key we do not bind (F-keys, PgUp…)
      if (key.length === 1 && key.charCodeAt(0) < 0x20) return { state: s };
      return { state: insert(s, key) };
  }
}

/** The newest history entry at or before `from` containing `query`, or -1. */
export function searchHistory(history: string[], query: string, from: number): number {
  if (!query) return -1;
  for (let i = Math.min(from, history.length - 1); i >= 0; i--) if (history[i].includes(query)) return i;
  return -1;
}

function leaveSearch(s: EditorState, keep: boolean): EditorState {
  const m = s.search!.match;
  if (!keep || m < 0) return { ...s, search: undefined };
  return { ...s, search: undefined, buffer: s.history[m], cursor: s.history[m].indexOf(s.search!.query), historyIndex: m };
}

function searchKey(s: EditorState, key: string): Step {
  const q = s.search!;
  switch (key) {
    case '\x12': {
      // Ctrl+R again: the next older match.
      const m = searchHistory(s.history, q.query, (q.match < 0 ? s.history.length : q.match) - 1);
      return { state: m < 0 ? s : { ...s, search: { ...q, match: m } } };
    }
    case '\x7f':
    case '\b': {
      const query = q.query.slice(0, -1);
      return { state: { ...s, search: { query, match: searchHistory(s.history, query, s.history.length - 1) } } };
    }
    case '\x07':
    case '\x1b':
      return { state: { ...s, search: undefined } };
    case '\x03':
      return editKey({ ...s, search: undefined }, key);
    case '\r':
    case '\n':
      return submit(leaveSearch(s, true));
    default:
      if (key.length === 1 && key.charCodeAt(0) >= 0x20 && key !== '\x7f') {
        const query = q.query + key;
        const m = searchHistory(s.history, query, q.match < 0 ? s.history.length - 1 : q.match);
        return { state: { ...s, search: { query, match: m } } };
      }
      // Any other key takes the match onto the line and then acts, as readline does.
      return editKey(leaveSearch(s, true), key);
  }
}

/** What the prompt line shows: the prompt (and its width in cells), the text and the cursor in it. */
export function lineView(s: EditorState, prompt: string, promptWidth: number): { prompt: string; promptWidth: number; text: string; cursor: number } {
  if (s.search) {
    const p = `(${s.search.match < 0 && s.search.query ? 'failed ' : ''}reverse-i-search)\`${s.search.query}': `;
    const text = s.search.match < 0 ? '' : s.history[s.search.match];
    const at = s.search.match < 0 ? 0 : text.indexOf(s.search.query);
    return { prompt: p, promptWidth: p.length, text, cursor: at };
  }
  return { prompt, promptWidth, text: s.buffer, cursor: s.cursor };
}
