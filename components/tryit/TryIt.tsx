/**
 * <TryIt> in a lesson: a manifest (the ```yaml block inside it), a question the learner answers
 * before applying, and the answer read back from their own cluster. The YAML is highlighted here
 * on the server; the interactive part is TryItPanel.
 */
import type { ReactNode } from 'react';
import { ContentError } from '@/lib/content/errors';
import { normalizeOptions, type OptionInput } from '@/lib/tryit/compare';
import type { Observer } from '@/lib/tryit/observe';
import { TryItPanel, type ClockHelp } from './TryItPanel';
import { yamlOfChildren } from './yaml-of-children';

export interface TryItProps {
  id: string;
  title: string;
  /** The one-line prediction the learner commits to. */
  question: string;
  options: OptionInput[];
  observe: Observer;
  /** Offer clock buttons where waiting would be boring (backoffs, schedules, tolerations). */
  clock?: ClockHelp;
  /** The command that removes what this block created, so the next block starts clean. */
  cleanup: string;
  children?: ReactNode;
}

export function TryIt({ id, title, question, options, observe, clock, cleanup, children }: TryItProps) {
  const yaml = yamlOfChildren(children);
  if (!yaml?.trim()) throw new ContentError(`<TryIt id="${id}">`, 'needs a ```yaml block with the manifest to apply');
  return (
    <section aria-labelledby={`tryit-${id}-title`} data-tryit={id} className="not-prose my-7 rounded-xl border-2 border-[var(--accent)]/40 bg-[var(--bg-soft)] p-3 sm:p-4">
      <p className="text-xs font-semibold uppercase tracking-wide text-[var(--accent)]">Try it</p>
      <h4 id={`tryit-${id}-title`} className="mt-0.5 text-base font-semibold">{title}</h4>
      <div className="[&>div]:my-3">{children}</div>
      <TryItPanel id={id} yaml={yaml} question={question} options={normalizeOptions(options)} observer={observe} clock={clock} cleanup={cleanup} />
    </section>
  );
}
