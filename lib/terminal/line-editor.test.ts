import { describe, expect, it } from 'vitest';
import { emptyEditor, feed, HISTORY_LIMIT, PASTE_LIMIT, type EditorEffect, type EditorState } from './line-editor';

function run(keys: string[], start: EditorState = emptyEditor()): { state: EditorState; effects: EditorEffect[] } {
  let state = start;
  const effects: EditorEffect[] = [];
  for (const k of keys) {
    const r = feed(state, k);
    state = r.state;
    effects.push(...r.effects);
  }
  return { state, effects };
}

describe('the terminal line editor', () => {
  it('edits in the middle of the line and submits it into history', () => {
    const { state, effects } = run(['kubectl get podx', '\x7f', 's', '\x1b[D', '\x1b[D', '\x1b[D', '\x1b[D', 'x', '\r']);
    expect(effects).toEqual([{ type: 'submit', lines: ['kubectl get xpods'] }]);
    expect(state.history).toEqual(['kubectl get xpods']);
    expect(state.buffer).toBe('');
  });

  it('moves by words with Alt+B/F and Ctrl+arrows, and to the ends with Ctrl+A/E, Home and End', () => {
    let s = run(['kubectl get pods']).state;
    s = feed(s, '\x1bb').state;
    expect(s.cursor).toBe(12);
    s = feed(s, '\x1b[1;5D').state;
    expect(s.cursor).toBe(8);
    s = feed(s, '\x1bf').state;
    expect(s.cursor).toBe(11);
    expect(feed(s, '\x01').state.cursor).toBe(0);
    expect(feed(s, '\x1b[H').state.cursor).toBe(0);
    expect(feed(s, '\x05').state.cursor).toBe(16);
    expect(feed(s, '\x1bOF').state.cursor).toBe(16);
  });

  it('kills with Ctrl+U, Ctrl+K and Ctrl+W and yanks back with Ctrl+Y', () => {
    let s = run(['kubectl get pods -A']).state;
    s = feed(s, '\x17').state;
    expect(s.buffer).toBe('kubectl get pods ');
    s = feed(s, '\x19').state;
    expect(s.buffer).toBe('kubectl get pods -A');
    s = feed(s, '\x01\x1bf\x0b').state;
    expect(s.buffer).toBe('kubectl');
    s = feed(s, '\x15').state;
    expect(s.buffer).toBe('');
  });

  it('browses history with the arrow keys and gives the typed draft back', () => {
    let s = emptyEditor(['kubectl get pods', 'kubectl get jobs']);
    s = feed(s, 'half').state;
    s = feed(s, '\x1b[A').state;
    expect(s.buffer).toBe('kubectl get jobs');
    s = feed(s, '\x1b[A\x1b[A').state;
    expect(s.buffer).toBe('kubectl get pods');
    s = feed(s, '\x1b[B\x1b[B').state;
    expect(s.buffer).toBe('half');
  });

  it('finds an older command with Ctrl+R and runs it with Enter', () => {
    const start = emptyEditor(['kubectl get pods', 'kubectl logs web', 'kubectl get jobs']);
    let s = feed(start, '\x12get').state;
    expect(s.search).toEqual({ query: 'get', match: 2 });
    s = feed(s, '\x12').state;
    expect(s.search?.match).toBe(0);
    const r = feed(s, '\r');
    expect(r.effects).toEqual([{ type: 'submit', lines: ['kubectl get pods'] }]);
  });

  it('leaves reverse search with the match on the line when an arrow is pressed, and restores nothing on Escape', () => {
    const start = emptyEditor(['kubectl logs web']);
    const s = feed(start, '\x12logs\x1b[D').state;
    expect(s.search).toBeUndefined();
    expect(s.buffer).toBe('kubectl logs web');
    expect(s.cursor).toBe(7);
    expect(feed(start, '\x12zz\x1b').state.buffer).toBe('');
  });

  it('runs a pasted block of several lines line by line and keeps the unfinished last line', () => {
    const paste = '\x1b[200~kubectl cordon worker-3\nkubectl get nodes\r\nkubectl get po\x1b[201~';
    const { state, effects } = run([paste]);
    expect(effects).toEqual([{ type: 'submit', lines: ['kubectl cordon worker-3', 'kubectl get nodes'] }]);
    expect(state.buffer).toBe('kubectl get po');
    expect(state.history).toEqual(['kubectl cordon worker-3', 'kubectl get nodes']);
  });

  it('joins the first pasted line to what was already typed before the cursor', () => {
    const { effects } = run(['kubectl ', '\x1b[200~get pods\n\x1b[201~']);
    expect(effects).toEqual([{ type: 'submit', lines: ['kubectl get pods'] }]);
  });

  it('takes a paste split across several onData calls', () => {
    const { effects } = run(['\x1b[200~kubectl get', ' pods\nls', '\n\x1b[201~']);
    expect(effects).toEqual([{ type: 'submit', lines: ['kubectl get pods', 'ls'] }]);
  });

  it('treats several lines arriving without bracketed paste as several Enters', () => {
    const { effects } = run(['a\rb\r']);
    expect(effects).toEqual([{ type: 'submit', lines: ['a', 'b'] }]);
  });

  it('cuts a paste larger than the limit and says so', () => {
    const big = 'x'.repeat(PASTE_LIMIT + 100);
    const { state, effects } = run([`\x1b[200~${big}\x1b[201~`]);
    expect(effects).toEqual([{ type: 'paste-truncated', bytes: PASTE_LIMIT }]);
    expect(state.buffer.length).toBeLessThanOrEqual(PASTE_LIMIT);
  });

  it('asks for completion on Tab and abandons the line on Ctrl+C', () => {
    expect(run(['kubectl g', '\t']).effects).toEqual([{ type: 'complete' }]);
    const r = run(['kubectl get', '\x03']);
    expect(r.effects).toEqual([{ type: 'interrupt', line: 'kubectl get' }]);
    expect(r.state.buffer).toBe('');
  });

  it('drops control characters and unknown escape sequences instead of inserting them', () => {
    expect(run(['a\x1b[5~b\x1b[15~c\x00\x1bOPd']).state.buffer).toBe('abcd');
  });

  it('keeps history bounded and leaves out lines that start with a space', () => {
    const many = Array.from({ length: HISTORY_LIMIT + 10 }, (_, i) => `cmd ${i}`);
    let s = emptyEditor(many);
    expect(s.history).toHaveLength(HISTORY_LIMIT);
    s = feed(s, ' secret\r').state;
    expect(s.history[s.history.length - 1]).toBe(`cmd ${HISTORY_LIMIT + 9}`);
  });
});
