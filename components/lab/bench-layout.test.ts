import { describe, expect, it } from 'vitest';
import { INITIAL_CHOICE, benchLayout, chooseFocus, choosePane, chooseView } from './bench-layout';

describe('the bench layout beside the lesson', () => {
  it('stacks the editor, the clock and all five view tabs', () => {
    const l = benchLayout(INITIAL_CHOICE, false);
    expect(l).toMatchObject({ switcher: false, editor: true, clock: true, shown: 'nodes', focused: false, footer: true });
    expect(l.tabs).toEqual(['nodes', 'workloads', 'events', 'logs', 'terminal']);
  });

  it('lets the logs fill the bench in focus mode, hiding the editor, the clock and the footer', () => {
    const l = benchLayout(chooseFocus(chooseView(INITIAL_CHOICE, 'logs'), true), false);
    expect(l).toMatchObject({ editor: false, clock: false, shown: 'logs', focused: true, footer: false });
  });

  it('refuses focus mode for a view that is read in place', () => {
    expect(chooseFocus(INITIAL_CHOICE, true).focus).toBe(false);
  });

  it('leaves focus mode when the learner picks a view that cannot fill the bench', () => {
    const focused = chooseFocus(chooseView(INITIAL_CHOICE, 'terminal'), true);
    expect(chooseView(focused, 'logs').focus).toBe(true);
    expect(chooseView(focused, 'events').focus).toBe(false);
  });
});

describe('the bench layout below the lesson (a phone)', () => {
  it('starts on the editor pane, behind a switcher, with no cluster view', () => {
    const l = benchLayout(INITIAL_CHOICE, true);
    expect(l).toMatchObject({ switcher: true, editor: true, clock: false, tabs: [], shown: undefined });
  });

  it('shows the clock and only the Nodes, Workloads and Events tabs in the cluster pane', () => {
    const l = benchLayout(choosePane(INITIAL_CHOICE, 'cluster'), true);
    expect(l).toMatchObject({ editor: false, clock: true, tabs: ['nodes', 'workloads', 'events'], shown: 'nodes' });
  });

  it('goes back to the cluster view seen last after a look at the terminal', () => {
    const events = chooseView(INITIAL_CHOICE, 'events');
    const terminal = choosePane(events, 'terminal');
    expect(benchLayout(terminal, true).shown).toBe('terminal');
    expect(benchLayout(choosePane(terminal, 'cluster'), true).shown).toBe('events');
  });

  it('keeps the phone pane and the large-screen tab in step, so a rotation shows the same view', () => {
    const logs = choosePane(INITIAL_CHOICE, 'logs');
    expect(benchLayout(logs, false).shown).toBe('logs');
    expect(chooseView(INITIAL_CHOICE, 'terminal').pane).toBe('terminal');
  });

  it('ends focus mode on the editor pane, and the editor shows again on a large screen', () => {
    const focused = chooseFocus(choosePane(INITIAL_CHOICE, 'logs'), true);
    expect(benchLayout(focused, true)).toMatchObject({ shown: 'logs', focused: true, footer: false });
    const editor = choosePane(focused, 'editor');
    expect(editor.focus).toBe(false);
    expect(benchLayout(editor, false).editor).toBe(true);
  });
});
