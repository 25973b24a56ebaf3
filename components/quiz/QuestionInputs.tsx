'use client';
/**
 * The answer controls of each kind of question, all plain form controls: radio and checkbox
 * groups with labels, an ordering moved with Up/Down buttons (no dragging), manifest lines to
 * pick as checkboxes, and a text box with the model answer and rubric revealed after writing.
 * Once a question has feedback, the controls are read-only and show what was right.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Key, QuestionView } from '@/lib/quiz/view';
import { moveItem, toggle, type Draft } from './draft';
import { InlineText } from './InlineText';

interface InputProps<K extends Draft['kind']> {
  question: Extract<QuestionView, { kind: K extends 'workload' ? 'workload' : K }>;
  draft: Extract<Draft, { kind: K }>;
  onChange(d: Draft): void;
  /** The answer key, once the question has been answered (controls are then read-only). */
  answerKey?: Key;
}

function markClass(right: boolean | undefined, picked: boolean): string {
  if (right === undefined) return picked ? 'border-[var(--accent)] bg-[var(--accent-soft)]' : 'border-[var(--border)] hover:border-[var(--accent)]';
  if (right) return 'border-[var(--ok)] bg-[var(--ok-soft)]';
  return picked ? 'border-[var(--danger)] bg-[var(--danger-soft)]' : 'border-[var(--border)] opacity-80';
}

function Mark({ right, picked }: { right?: boolean; picked: boolean }) {
  if (right === undefined) return null;
  if (right) return <span className="ml-auto shrink-0 text-xs font-semibold text-[var(--ok)]">{picked ? '✓ right' : '✓ the right answer'}</span>;
  return picked ? <span className="ml-auto shrink-0 text-xs font-semibold text-[var(--danger)]">✗ not right</span> : null;
}

export function ChoiceInput({ question, draft, onChange, answerKey }: InputProps<'single' | 'workload' | 'multiple'>) {
  const name = useId();
  const multiple = draft.kind === 'multiple';
  const picked = (id: string) => (draft.kind === 'multiple' ? draft.choices.includes(id) : draft.choice === id);
  const right = (id: string) => {
    if (!answerKey) return undefined;
    if (answerKey.kind === 'multiple') return answerKey.choices.includes(id);
    return answerKey.kind === 'single' || answerKey.kind === 'workload' ? answerKey.choice === id : undefined;
  };
  return (
    <div className={question.kind === 'workload' ? 'grid gap-2 sm:grid-cols-2' : 'grid gap-2'}>
      {question.options.map((o) => (
        <label key={o.id} className={`flex cursor-pointer items-start gap-3 rounded-md border px-3 py-2 text-[0.97rem] ${markClass(right(o.id), picked(o.id))} ${answerKey ? 'cursor-default' : ''}`}>
          <input
            type={multiple ? 'checkbox' : 'radio'}
            name={name}
            value={o.id}
            checked={picked(o.id)}
            disabled={Boolean(answerKey)}
            onChange={() => onChange(draft.kind === 'multiple' ? { ...draft, choices: toggle(draft.choices, o.id) } : { ...draft, choice: o.id })}
            className="mt-1 accent-[var(--accent)]"
          />
          <span className="min-w-0">
            <InlineText text={o.text} />
          </span>
          <Mark right={right(o.id)} picked={picked(o.id)} />
        </label>
      ))}
    </div>
  );
}

export function OrderInput({ question, draft, onChange, answerKey }: InputProps<'order'>) {
  const [announcement, setAnnouncement] = useState('');
  const text = (id: string) => question.steps.find((s) => s.id === id)?.text ?? id;
  /** For labels and announcements: the text as read, without the code marks. */
  const plain = (id: string) => text(id).replaceAll('`', '');
  // Keyboard users keep their place: focus follows the moved step (its same button, or the
  // other one when the step reached an end of the list).
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const pendingFocus = useRef<{ id: string; dir: 'up' | 'down' } | undefined>(undefined);
  useEffect(() => {
    const p = pendingFocus.current;
    if (!p) return;
    pendingFocus.current = undefined;
    const same = buttons.current.get(`${p.id}:${p.dir}`);
    (same && !same.disabled ? same : buttons.current.get(`${p.id}:${p.dir === 'up' ? 'down' : 'up'}`))?.focus();
  }, [draft.order]);
  const move = (i: number, delta: number) => {
    const order = moveItem(draft.order, i, delta);
    pendingFocus.current = { id: draft.order[i], dir: delta < 0 ? 'up' : 'down' };
    onChange({ ...draft, order });
    setAnnouncement(`“${plain(draft.order[i])}” moved to position ${i + delta + 1} of ${order.length}.`);
  };
  const rightAt = (id: string, i: number) => (answerKey?.kind === 'order' ? answerKey.order[i] === id : undefined);
  return (
    <div>
      <ol className="space-y-2">
        {draft.order.map((id, i) => (
          <li key={id} className={`rounded-md border px-3 py-2 ${markClass(rightAt(id, i), rightAt(id, i) === false)}`}>
            <div className="flex items-start gap-3">
              <span className="min-w-0 flex-1 text-[0.97rem]">
                <InlineText text={text(id)} />
              </span>
              {answerKey ? (
                <Mark right={rightAt(id, i)} picked />
              ) : (
                <span className="flex shrink-0 gap-1">
                  <button type="button" ref={(el) => void (el ? buttons.current.set(`${id}:up`, el) : buttons.current.delete(`${id}:up`))} onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move “${plain(id)}” up`} className="rounded border border-[var(--border)] px-2 py-0.5 text-sm hover:border-[var(--accent)] disabled:opacity-40">
                    ↑
                  </button>
                  <button type="button" ref={(el) => void (el ? buttons.current.set(`${id}:down`, el) : buttons.current.delete(`${id}:down`))} onClick={() => move(i, 1)} disabled={i === draft.order.length - 1} aria-label={`Move “${plain(id)}” down`} className="rounded border border-[var(--border)] px-2 py-0.5 text-sm hover:border-[var(--accent)] disabled:opacity-40">
                    ↓
                  </button>
                </span>
              )}
            </div>
          </li>
        ))}
      </ol>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {answerKey?.kind === 'order' && answerKey.order.some((id, i) => draft.order[i] !== id) && (
        <div className="mt-3 rounded-md bg-[var(--bg-soft)] px-3 py-2 text-sm">
          <p className="font-semibold">The right order</p>
          <ol className="mt-1">
            {answerKey.order.map((id) => (
              <li key={id}>
                <InlineText text={text(id)} />
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

export function BugInput({ question, draft, onChange, answerKey }: InputProps<'bug'>) {
  const right = (n: number) => (answerKey?.kind === 'bug' ? answerKey.lines.includes(n) : undefined);
  return (
    <div className="overflow-x-auto rounded-md border border-[var(--border)] bg-[var(--bg-code)] py-1 font-mono text-[0.85rem] leading-6">
      {question.lines.map((line, i) => {
        const n = i + 1;
        const picked = draft.lines.includes(n);
        const r = right(n);
        const tone = r === undefined ? (picked ? 'bg-[var(--accent-soft)]' : 'hover:bg-[var(--accent-soft)]') : r ? 'bg-[var(--ok-soft)]' : picked ? 'bg-[var(--danger-soft)]' : '';
        return (
          <label key={n} className={`flex min-w-max cursor-pointer items-center gap-2 px-2 ${tone} ${answerKey ? 'cursor-default' : ''}`}>
            <input type="checkbox" checked={picked} disabled={Boolean(answerKey)} onChange={() => onChange({ ...draft, lines: toggle(draft.lines, n) })} aria-label={`Line ${n}: ${line.trim() || '(empty)'}`} className="accent-[var(--accent)]" />
            <span aria-hidden className="w-6 select-none text-right text-[var(--fg-soft)]">
              {n}
            </span>
            <span aria-hidden className="whitespace-pre">{line || ' '}</span>
            {r !== undefined && (r || picked) && <span className={`ml-3 font-sans text-xs font-semibold ${r ? 'text-[var(--ok)]' : 'text-[var(--danger)]'}`}>{r ? (picked ? '✓ faulty line' : '✓ the faulty line') : '✗ this line is fine'}</span>}
          </label>
        );
      })}
    </div>
  );
}

export function OpenInput({ question, draft, onChange, answerKey }: InputProps<'open'>) {
  const textId = useId();
  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={textId} className="text-sm font-medium">
          Your answer
        </label>
        <textarea
          id={textId}
          value={draft.text}
          readOnly={Boolean(answerKey)}
          onChange={(e) => onChange({ ...draft, text: e.target.value })}
          rows={5}
          maxLength={8000}
          className="mt-1 block w-full rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-2 text-[0.97rem] focus:border-[var(--accent)] focus:outline-none"
        />
      </div>
      {!draft.revealed ? (
        <button type="button" onClick={() => onChange({ ...draft, revealed: true })} disabled={!draft.text.trim()} className="rounded-md border border-[var(--accent)] px-3 py-1.5 text-sm font-medium text-[var(--accent)] disabled:opacity-50">
          Compare with the model answer
        </button>
      ) : (
        <>
          <div className="rounded-md bg-[var(--bg-soft)] px-3 py-2">
            <p className="text-sm font-semibold">Model answer</p>
            <p className="mt-1 text-[0.97rem]">
              <InlineText text={question.modelAnswer} />
            </p>
          </div>
          <fieldset>
            <legend className="text-sm font-semibold">Tick the points your answer covered</legend>
            <div className="mt-2 grid gap-1.5">
              {question.rubric.map((point, i) => (
                <label key={i} className="flex items-start gap-3 text-[0.97rem]">
                  <input type="checkbox" checked={draft.ticked.includes(i)} disabled={Boolean(answerKey)} onChange={() => onChange({ ...draft, ticked: toggle(draft.ticked, i) })} className="mt-1.5 accent-[var(--accent)]" />
                  <span>
                    <InlineText text={point} />
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        </>
      )}
    </div>
  );
}
