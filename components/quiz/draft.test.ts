import { describe, expect, it } from 'vitest';
import type { QuestionView } from '@/lib/quiz/view';
import { draftOf, emptyDraft, moveItem, toAnswer, toggle } from './draft';

const order: QuestionView = { id: 'o', kind: 'order', prompt: 'Order these', steps: [{ id: 'b', text: 'B' }, { id: 'a', text: 'A' }] };
const open: QuestionView = { id: 'x', kind: 'open', prompt: 'Explain', modelAnswer: 'Because.', rubric: ['one', 'two'] };

describe('quiz drafts', () => {
  it('is not an answer until something is chosen', () => {
    expect(toAnswer(emptyDraft({ id: 's', kind: 'single', prompt: 'p', options: [] }))).toBeUndefined();
    expect(toAnswer({ kind: 'multiple', choices: [] })).toBeUndefined();
    expect(toAnswer({ kind: 'bug', lines: [] })).toBeUndefined();
    expect(toAnswer({ kind: 'workload', choice: 'Job' })).toEqual({ kind: 'workload', choice: 'Job' });
  });

  it('starts an ordering from the order shown', () => {
    expect(toAnswer(emptyDraft(order))).toEqual({ kind: 'order', order: ['b', 'a'] });
  });

  it('needs a written answer and the model answer revealed before an open answer can be sent', () => {
    expect(toAnswer({ ...(emptyDraft(open) as Extract<ReturnType<typeof emptyDraft>, { kind: 'open' }>), text: 'mine' })).toBeUndefined();
    expect(toAnswer({ kind: 'open', text: '   ', ticked: [0], revealed: true })).toBeUndefined();
    expect(toAnswer({ kind: 'open', text: 'mine', ticked: [1, 0], revealed: true })).toEqual({ kind: 'open', text: 'mine', ticked: [0, 1] });
  });

  it('shows a saved open answer with its model answer revealed', () => {
    expect(draftOf({ kind: 'open', text: 'mine', ticked: [1] })).toEqual({ kind: 'open', text: 'mine', ticked: [1], revealed: true });
  });

  it('moves an item up and down but not past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('toggles picks', () => {
    expect(toggle([2, 4], 4)).toEqual([2]);
    expect(toggle([2], 4)).toEqual([2, 4]);
  });
});
