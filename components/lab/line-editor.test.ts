import { describe, expect, it } from 'vitest';
import { emptyLine, keyInput, renderLine, type LineState } from './line-editor';

const type = (s: LineState, ...keys: string[]) => keys.reduce((st, k) => keyInput(st, k).state, s);

describe('the terminal line editor', () => {
  it('edits, moves the cursor and submits a line into history', () => {
    let s = type(emptyLine(), 'kubectl get podx', '\x7f', 's');
    expect(s.buffer).toBe('kubectl get pods');
    s = type(s, '\x1b[D', '\x1b[D', '\x1b[D', '\x1b[D', 'x');
    expect(s.buffer).toBe('kubectl get xpods');
    const r = keyInput(s, '\r');
    expect(r.action).toEqual({ type: 'submit', line: 'kubectl get xpods' });
    expect(r.state.history).toEqual(['kubectl get xpods']);
  });

  it('browses history with the arrow keys', () => {
    let s = emptyLine(['kubectl get pods', 'kubectl get jobs']);
    s = type(s, '\x1b[A');
    expect(s.buffer).toBe('kubectl get jobs');
    s = type(s, '\x1b[A', '\x1b[A');
    expect(s.buffer).toBe('kubectl get pods');
    s = type(s, '\x1b[B', '\x1b[B');
    expect(s.buffer).toBe('');
  });

  it('turns pasted newlines into spaces and drops unknown escapes', () => {
    expect(type(emptyLine(), 'kubectl get\npods', '\x1b[5~').buffer).toBe('kubectl get pods');
  });

  it('redraws the line with the cursor in place', () => {
    const s = type(emptyLine(), 'abc', '\x1b[D');
    expect(renderLine('$ ', s)).toBe('\r\x1b[2K$ abc\x1b[1D');
  });
});
