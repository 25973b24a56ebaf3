import { describe, expect, it } from 'vitest';
import { emptyEditor, feed, lineView, type EditorState } from './line-editor';
import { drawFresh, leaveLine, redraw, type Drawn } from './render';
import { Screen } from './screen.test-support';

/** Types key by key, redrawing after each key as the terminal component does. */
function typeInto(screen: Screen, keys: string[], start: EditorState = emptyEditor()): { state: EditorState; drawn: Drawn } {
  let state = start;
  const first = drawFresh(lineView(state, '$ ', 2), screen.cols);
  screen.write(first.out);
  let drawn = first.drawn;
  for (const k of keys) {
    state = feed(state, k).state;
    const r = redraw(drawn, lineView(state, '$ ', 2), screen.cols);
    screen.write(r.out);
    drawn = r.drawn;
  }
  return { state, drawn };
}

describe('drawing the prompt line', () => {
  it('shows a command longer than the terminal once, wrapped, however many keys were typed', () => {
    const screen = new Screen(20);
    const command = 'kubectl get pods -o wide --all-namespaces --sort-by=.metadata.name';
    typeInto(screen, [...command]);
    expect(screen.text()).toBe(`$ ${command}`.match(/.{1,20}/g)!.join('\n'));
    expect(screen.text().split('$ ').length - 1).toBe(1);
  });

  it('keeps one copy when editing in the middle of a wrapped line', () => {
    const screen = new Screen(16);
    const command = 'kubectl get deployments -n kube-system';
    const keys = [...command, ...Array(20).fill('\x1b[D'), 'X', 'Y', '\x7f', '\x1b[F', 'Z'];
    const { state } = typeInto(screen, keys);
    expect(state.buffer).toBe('kubectl get deployXments -n kube-systemZ');
    expect(screen.text().replace(/\n/g, '')).toBe(`$ ${state.buffer}`);
    expect(screen.row).toBe(Math.floor((2 + state.cursor) / 16));
  });

  it('puts the cursor on the next row when the line exactly fills the width', () => {
    const screen = new Screen(10);
    const { drawn } = typeInto(screen, [...'12345678']);
    expect(screen.lines()).toEqual(['$ 12345678', '']);
    expect(screen.row).toBe(1);
    expect(screen.col).toBe(0);
    screen.write(leaveLine(drawn));
    screen.write('out');
    expect(screen.lines()).toEqual(['$ 12345678', 'out']);
  });

  it('clears the longer old line when history brings back a shorter one', () => {
    const screen = new Screen(12);
    const start = emptyEditor(['ls']);
    typeInto(screen, [...'kubectl get pods -A', '\x1b[A'], start);
    expect(screen.text()).toBe('$ ls');
  });

  it('leaves the line below its last row, whatever the cursor position, so output never overwrites it', () => {
    const screen = new Screen(10);
    const { drawn } = typeInto(screen, [...'abcdefghijklmnop', '\x01']);
    screen.write(leaveLine(drawn));
    screen.write('output');
    expect(screen.lines()).toEqual(['$ abcdefgh', 'ijklmnop', 'output']);
  });

  it('shows the reverse search prompt with the match', () => {
    const screen = new Screen(80);
    typeInto(screen, ['\x12', 'g', 'e', 't'], emptyEditor(['kubectl get pods', 'ls']));
    expect(screen.text()).toBe("(reverse-i-search)`get': kubectl get pods");
  });
});
