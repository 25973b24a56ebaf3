/**
 * A question's answer while the learner is still making it, and how it becomes the answer the
 * portal grades. Pure, so the quiz's behaviour is testable without a browser.
 */
import type { Answer, WorkloadType } from '@/lib/quiz/schema';
import type { QuestionView } from '@/lib/quiz/view';

export type Draft =
  | { kind: 'single' | 'workload'; choice?: string }
  | { kind: 'multiple'; choices: string[] }
  | { kind: 'order'; order: string[] }
  | { kind: 'bug'; lines: number[] }
  | { kind: 'open'; text: string; ticked: number[]; revealed: boolean };

export function emptyDraft(q: QuestionView): Draft {
  switch (q.kind) {
    case 'single':
    case 'workload':
      return { kind: q.kind };
    case 'multiple':
      return { kind: 'multiple', choices: [] };
    case 'order':
      return { kind: 'order', order: q.steps.map((s) => s.id) };
    case 'bug':
      return { kind: 'bug', lines: [] };
    case 'open':
      return { kind: 'open', text: '', ticked: [], revealed: false };
  }
}

/** A saved answer shown again after a reload. */
export function draftOf(answer: Answer): Draft {
  switch (answer.kind) {
    case 'single':
    case 'workload':
      return { kind: answer.kind, choice: answer.choice };
    case 'multiple':
      return { kind: 'multiple', choices: answer.choices };
    case 'order':
      return { kind: 'order', order: answer.order };
    case 'bug':
      return { kind: 'bug', lines: answer.lines };
    case 'open':
      return { kind: 'open', text: answer.text, ticked: answer.ticked, revealed: true };
  }
}

/** The answer to send, or undefined while the draft is not an answer yet. */
export function toAnswer(d: Draft): Answer | undefined {
  switch (d.kind) {
    case 'single':
      return d.choice ? { kind: 'single', choice: d.choice } : undefined;
    case 'workload':
      return d.choice ? { kind: 'workload', choice: d.choice as WorkloadType } : undefined;
    case 'multiple':
      return d.choices.length ? { kind: 'multiple', choices: d.choices } : undefined;
    case 'order':
      return { kind: 'order', order: d.order };
    case 'bug':
      return d.lines.length ? { kind: 'bug', lines: [...d.lines].sort((a, b) => a - b) } : undefined;
    case 'open':
      return d.revealed && d.text.trim() ? { kind: 'open', text: d.text, ticked: [...d.ticked].sort((a, b) => a - b) } : undefined;
  }
}

/** Moves the item at `index` by `delta` places (up is -1), staying inside the list. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

export function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}
