/**
 * The terminal's input line, as a pure state machine over key strings xterm.js delivers:
 * printable text, Backspace, Enter, arrows (history and cursor), Home/End, Ctrl+U/Ctrl+L.
 * Kept free of the DOM so it can be tested directly.
 */
export interface LineState {
  buffer: string;
  cursor: number;
  history: string[];
  /** Index into history while browsing; history.length when editing a new line. */
  historyIndex: number;
}

export type LineAction =
  | { type: 'none' }
  | { type: 'submit'; line: string }
  | { type: 'clear-screen' };

export function emptyLine(history: string[] = []): LineState {
  return { buffer: '', cursor: 0, history, historyIndex: history.length };
}

const HISTORY_LIMIT = 200;

export function keyInput(s: LineState, data: string): { state: LineState; action: LineAction } {
  switch (data) {
    case '\r': {
      const line = s.buffer;
      const history = line.trim() && s.history[s.history.length - 1] !== line ? [...s.history, line].slice(-HISTORY_LIMIT) : s.history;
      return { state: emptyLine(history), action: { type: 'submit', line } };
    }
    case '\x7f':
    case '\b':
      if (s.cursor === 0) return { state: s, action: { type: 'none' } };
      return { state: { ...s, buffer: s.buffer.slice(0, s.cursor - 1) + s.buffer.slice(s.cursor), cursor: s.cursor - 1 }, action: { type: 'none' } };
    case '\x1b[A': {
      if (s.historyIndex === 0) return { state: s, action: { type: 'none' } };
      const i = s.historyIndex - 1;
      return { state: { ...s, historyIndex: i, buffer: s.history[i], cursor: s.history[i].length }, action: { type: 'none' } };
    }
    case '\x1b[B': {
      if (s.historyIndex >= s.history.length) return { state: s, action: { type: 'none' } };
      const i = s.historyIndex + 1;
      const buffer = i === s.history.length ? '' : s.history[i];
      return { state: { ...s, historyIndex: i, buffer, cursor: buffer.length }, action: { type: 'none' } };
    }
    case '\x1b[D':
      return { state: { ...s, cursor: Math.max(0, s.cursor - 1) }, action: { type: 'none' } };
    case '\x1b[C':
      return { state: { ...s, cursor: Math.min(s.buffer.length, s.cursor + 1) }, action: { type: 'none' } };
    case '\x1b[H':
    case '\x01':
      return { state: { ...s, cursor: 0 }, action: { type: 'none' } };
    case '\x1b[F':
    case '\x05':
      return { state: { ...s, cursor: s.buffer.length }, action: { type: 'none' } };
    case '\x15':
      return { state: { ...s, buffer: s.buffer.slice(s.cursor), cursor: 0 }, action: { type: 'none' } };
    case '\x0c':
      return { state: s, action: { type: 'clear-screen' } };
    default: {
      // Printable text (typed or pasted); control sequences we do not handle are dropped.
      const text = data.replace(/\x1b\[[0-9;]*[A-Za-z~]/g, '').replace(/[\x00-\x1f\x7f]/g, data.includes('\n') ? ' ' : '');
      if (!text) return { state: s, action: { type: 'none' } };
      return { state: { ...s, buffer: s.buffer.slice(0, s.cursor) + text + s.buffer.slice(s.cursor), cursor: s.cursor + text.length }, action: { type: 'none' } };
    }
  }
}

/** What to write to redraw the prompt line after an edit. */
export function renderLine(prompt: string, s: LineState): string {
  const back = s.buffer.length - s.cursor;
  return `\r\x1b[2K${prompt}${s.buffer}${back > 0 ? `\x1b[${back}D` : ''}`;
}
