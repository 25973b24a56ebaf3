'use client';

/**
 * The interactive half of a Try-it: load the manifest into the bench's editor, commit to a
 * prediction, apply, then watch the learner's cluster (the bench's own stream) until the answer
 * is known and show it beside the prediction.
 */
import { useState, useSyncExternalStore } from 'react';
import { benchEditor, openInEditor } from '@/components/exercise/open-in-editor';
import { clusterStore } from '@/components/lab/cluster-store';
import { LabRequestError, labApi } from '@/components/lab/lab-api';
import { announceClockChange } from '@/components/lab/clock-events';
import { verdict, type PredictionOption } from '@/lib/tryit/compare';
import type { Observer } from '@/lib/tryit/observe';
import { baselineOf, type Timeline } from '@/lib/tryit/timeline';
import { editorHoldsManifest } from '@/lib/tryit/editor-match';
import { OutcomeWatch } from './outcome-watch';

export interface ClockHelp {
  /** Why the clock helps here, in one sentence. */
  hint: string;
  /** Offer "Run at N×". */
  speed?: number;
  /** Offer "Skip N s ahead". */
  skipSeconds?: number;
}

interface Props {
  id: string;
  yaml: string;
  question: string;
  options: PredictionOption[];
  observer: Observer;
  clock?: ClockHelp;
  cleanup: string;
}

function message(e: unknown): string {
  return e instanceof LabRequestError ? e.message : String((e as Error).message ?? e);
}

export function TryItPanel({ id, yaml, question, options, observer, clock, cleanup }: Props) {
  const [choice, setChoice] = useState<number | undefined>();
  const [loaded, setLoaded] = useState<'yes' | 'no-editor' | undefined>();
  const [applied, setApplied] = useState<{ baseline: Timeline; round: number } | undefined>();
  const [busy, setBusy] = useState<'apply' | 'cleanup' | undefined>();
  const [results, setResults] = useState<string[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [cleaned, setCleaned] = useState<string | undefined>();

  const load = () => setLoaded(openInEditor(yaml) ? 'yes' : 'no-editor');

  const apply = async () => {
    if (choice === undefined) return;
    setBusy('apply');
    setError(undefined);
    setCleaned(undefined);
    try {
      // What the learner sees in the editor is applied, edits included, while it still holds this
      // block's objects; if the editor moved on (another block, another tab), the block's own YAML.
      const edited = loaded === 'yes' ? (benchEditor()?.getValue?.() ?? '') : '';
      const text = edited && editorHoldsManifest(edited, yaml) ? edited : yaml;
      const baseline = applied?.baseline ?? baselineOf(clusterStore.get().state);
      const r = await labApi.apply(text);
      setResults(r.results.map((d) => d.summary + d.problems.map((p) => ` (line ${p.line}: ${p.message})`).join('')));
      setApplied((a) => ({ baseline: a?.baseline ?? baseline, round: (a?.round ?? 0) + 1 }));
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(undefined);
    }
  };

  const clean = async () => {
    setBusy('cleanup');
    setError(undefined);
    try {
      const r = await labApi.remove(yaml);
      setCleaned(r.results.map((d) => d.summary).join('; ') || 'nothing to delete');
      setApplied(undefined);
      setResults(undefined);
      setChoice(undefined);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(undefined);
    }
  };

  const setClock = (body: { scale?: number; advanceSeconds?: number }) =>
    void labApi.setClock(body).then(announceClockChange, (e: unknown) => setError(message(e)));

  const name = `tryit-${id}`;
  return (
    <div className="mt-3 space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" onClick={load} className="rounded-md border border-[var(--accent)] px-2.5 py-1 font-medium text-[var(--accent)] hover:bg-[var(--accent-soft)]">
          Load into the editor
        </button>
        {loaded === 'yes' && <span className="text-xs text-[var(--fg-soft)]">In the bench&apos;s editor; edit it there if you like, Apply below uses what it holds.</span>}
        {loaded === 'no-editor' && <span className="text-xs text-[var(--fg-soft)]">The bench&apos;s editor is not open yet; Apply below sends the manifest as shown.</span>}
      </div>
      <fieldset disabled={applied !== undefined} className="rounded-md border border-dashed border-[var(--border)] p-2.5">
        <legend className="px-1 text-xs font-semibold uppercase tracking-wide text-[var(--fg-soft)]">Predict first</legend>
        <p className="mb-1.5 font-semibold">{question}</p>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {options.map((o, i) => (
            <label key={o.label} className="flex items-center gap-1.5">
              <input type="radio" name={name} checked={choice === i} onChange={() => setChoice(i)} />
              {o.label}
            </label>
          ))}
        </div>
        {applied && <p className="mt-1 text-xs text-[var(--fg-soft)]">Prediction committed.</p>}
      </fieldset>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" onClick={() => void apply()} disabled={choice === undefined || busy !== undefined} className="rounded-md bg-[var(--accent)] px-3 py-1.5 font-semibold text-[var(--accent-fg)] disabled:opacity-50">
          {/* Not plain "Apply": that is the bench's own button, and one page must not have two of the same name. */}
          {busy === 'apply' ? 'Applying…' : applied ? 'Apply the example again' : 'Apply the example'}
        </button>
        {choice === undefined && !applied && <span className="text-xs text-[var(--fg-soft)]">Pick a prediction to apply.</span>}
        {clock && applied && (
          <span className="flex flex-wrap items-center gap-2">
            {clock.speed && (
              <button type="button" onClick={() => setClock({ scale: clock.speed })} className="rounded-md border border-[var(--border)] px-2 py-1 text-xs">Run the clock at {clock.speed}×</button>
            )}
            {clock.skipSeconds && (
              <button type="button" onClick={() => setClock({ advanceSeconds: clock.skipSeconds })} className="rounded-md border border-[var(--border)] px-2 py-1 text-xs">Skip {clock.skipSeconds} s ahead</button>
            )}
          </span>
        )}
      </div>
      {clock && applied && <p className="text-xs text-[var(--fg-soft)]">{clock.hint}</p>}
      {results && (
        <ul aria-label="Try-it apply results" className="rounded-md border border-[var(--border)] p-2 font-mono text-xs">
          {results.map((r, i) => <li key={i}>{r}</li>)}
        </ul>
      )}
      {error && <p role="alert" className="text-[var(--danger)]">{error}</p>}
      {applied && choice !== undefined && <Outcome baseline={applied.baseline} observer={observer} options={options} predicted={options[choice]} />}
      <div className="flex flex-wrap items-center gap-2 border-t border-[var(--border)] pt-2">
        <span className="text-xs text-[var(--fg-soft)]">Before the next exercise:</span>
        <code className="rounded bg-[var(--bg-code)] px-1.5 py-0.5 text-xs">{cleanup}</code>
        <button type="button" onClick={() => void clean()} disabled={busy !== undefined} className="text-xs text-[var(--accent)] underline disabled:opacity-50">
          {busy === 'cleanup' ? 'Cleaning up…' : 'Clean up for me'}
        </button>
        {cleaned && <span role="status" className="text-xs text-[var(--fg-soft)]">{cleaned}</span>}
      </div>
    </div>
  );
}

/** Watches the cluster from the Apply on and shows the answer beside the prediction once it is known. */
function Outcome({ baseline, observer, options, predicted }: { baseline: Timeline; observer: Observer; options: PredictionOption[]; predicted: PredictionOption }) {
  const [watch] = useState(() => new OutcomeWatch(baseline, observer));
  const seen = useSyncExternalStore(watch.subscribe, watch.get, watch.get);

  if (!seen.settled || seen.value === undefined) {
    return (
      <p role="status" aria-live="polite" data-testid="tryit-watching" className="rounded-md bg-[var(--bg)] px-2.5 py-1.5">
        <span className="font-semibold">Watching your cluster.</span> {seen.detail}
      </p>
    );
  }
  const v = verdict(options, predicted, seen.value);
  return (
    <div role="status" aria-live="polite" data-testid="tryit-verdict" data-right={v.right} className={`rounded-md px-2.5 py-1.5 ${v.right ? 'bg-[var(--ok-soft)]' : 'bg-[var(--warn-soft)]'}`}>
      <p className="grid grid-cols-[auto_1fr] gap-x-3">
        <span className="text-[var(--fg-soft)]">You predicted</span><strong>{predicted.label}</strong>
        <span className="text-[var(--fg-soft)]">Your cluster</span><strong>{v.actual?.label ?? String(seen.value)}</strong>
      </p>
      <p className="mt-1">{v.right ? 'Right.' : 'Not this time: the text below explains why.'} <span className="text-[var(--fg-soft)]">{seen.detail}</span></p>
    </div>
  );
}
