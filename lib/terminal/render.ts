/**
 * Draws the prompt line so that a line longer than the terminal's width wraps correctly.
 * The old terminal redrew with `\r ESC[2K`, which clears only the cursor's row: once the
 * line wrapped, every keystroke left the rows above behind (10–16 copies of the prompt).
 * Here the renderer remembers on which row (of the wrapped line) it left the cursor, goes
 * back up to the line's first row, clears to the end of the screen and writes it again
 * (the approach of linenoise's refreshMultiLine). Typing at the end of the line, the common
 * case, only writes the new characters.
 *
 * Widths count UTF-16 code units as one cell each; wide CJK characters are not measured.
 */
export interface LineView {
  prompt: string;
  promptWidth: number;
  text: string;
  cursor: number;
}

export interface Drawn {
  view: LineView;
  /** Row (0 = the prompt's row) where the cursor was left. */
  cursorRow: number;
  cols: number;
}

const cursorAt = (pos: number, cols: number) => ({ row: Math.floor(pos / cols), col: pos % cols });

/** Writes `text` after `startPos` cells and leaves the cursor after it, wrapped to the next row at an exact fit. */
function writeFrom(startPos: number, text: string, cols: number): { out: string; endRow: number } {
  const end = startPos + text.length;
  // xterm leaves the cursor in the last column ("pending wrap") when a row is exactly full;
  // moving to the next row ourselves keeps row arithmetic exact.
  const wrapFix = text.length > 0 && end % cols === 0 ? '\r\n' : '';
  return { out: text + wrapFix, endRow: Math.floor(end / cols) };
}

function moveTo(fromRow: number, pos: number, cols: number): string {
  const { row, col } = cursorAt(pos, cols);
  let out = '';
  if (fromRow > row) out += `\x1b[${fromRow - row}A`;
  else if (row > fromRow) out += `\x1b[${row - fromRow}B`;
  out += '\r';
  if (col > 0) out += `\x1b[${col}C`;
  return out;
}

/** Draws a fresh prompt line (after output, or after a submit). */
export function drawFresh(view: LineView, cols: number): { out: string; drawn: Drawn } {
  const w = writeFrom(view.promptWidth, view.text, cols);
  const startFix = view.text.length === 0 && view.promptWidth > 0 && view.promptWidth % cols === 0 ? '\r\n' : '';
  const endRow = view.text.length === 0 ? Math.floor(view.promptWidth / cols) : w.endRow;
  const out = view.prompt + startFix + w.out + moveTo(endRow, view.promptWidth + view.cursor, cols);
  return { out, drawn: { view, cursorRow: cursorAt(view.promptWidth + view.cursor, cols).row, cols } };
}

/** Redraws the prompt line from what was drawn before to `view`. */
export function redraw(prev: Drawn, view: LineView, cols: number): { out: string; drawn: Drawn } {
  const p = prev.view;
  const appendOnly =
    cols === prev.cols && view.prompt === p.prompt && p.cursor === p.text.length && view.cursor === view.text.length && view.text.startsWith(p.text) && view.text.length > p.text.length;
  if (appendOnly) {
    const w = writeFrom(view.promptWidth + p.text.length, view.text.slice(p.text.length), cols);
    return { out: w.out, drawn: { view, cursorRow: w.endRow, cols } };
  }
  if (cols === prev.cols && view.prompt === p.prompt && view.text === p.text) {
    if (view.cursor === p.cursor) return { out: '', drawn: prev };
    return { out: moveTo(prev.cursorRow, view.promptWidth + view.cursor, cols), drawn: { view, cursorRow: cursorAt(view.promptWidth + view.cursor, cols).row, cols } };
  }
  const up = prev.cursorRow > 0 ? `\x1b[${prev.cursorRow}A` : '';
  const fresh = drawFresh(view, cols);
  return { out: `${up}\r\x1b[J${fresh.out}`, drawn: fresh.drawn };
}

/** Where the cursor must go to leave the prompt line (before output is written below it). */
export function leaveLine(prev: Drawn): string {
  const { promptWidth, text } = prev.view;
  const total = promptWidth + text.length;
  const down = (row: number) => (row > prev.cursorRow ? `\x1b[${row - prev.cursorRow}B` : '');
  // An exactly full last row already moved the cursor to a fresh row (see writeFrom).
  if (text.length > 0 && total % prev.cols === 0) return `${down(total / prev.cols)}\r`;
  return `${down(Math.floor(total / prev.cols))}\r\n`;
}
