/**
 * Splits what xterm.js hands to onData into keys. One onData call may carry many keys (fast
 * typing, a paste without bracketed-paste mode, a remote test typing), so the line editor
 * never assumes "one call, one key". Escape sequences follow ECMA-48: CSI (`ESC [` params
 * final byte), SS3 (`ESC O` one byte), and `ESC x` for Alt+x.
 */
export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < data.length) {
    const c = data[i];
    if (c === '\x1b' && i + 1 < data.length) {
      const next = data[i + 1];
      if (next === '[') {
        let j = i + 2;
        // parameter and intermediate bytes 0x20-0x3f, then one final byte 0x40-0x7e
        while (j < data.length && data.charCodeAt(j) >= 0x20 && data.charCodeAt(j) <= 0x3f) j++;
        keys.push(data.slice(i, Math.min(j + 1, data.length)));
        i = j + 1;
        continue;
      }
      if (next === 'O' && i + 2 < data.length) {
        keys.push(data.slice(i, i + 3));
        i += 3;
        continue;
      }
      keys.push(data.slice(i, i + 2));
      i += 2;
      continue;
    }
    // A surrogate pair is one key (an emoji is not two broken halves).
    const code = data.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    keys.push(data.slice(i, i + width));
    i += width;
  }
  return keys;
}
