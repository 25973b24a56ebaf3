'use client';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CopyButton } from '@/components/mdx/CopyButton';
import { FieldPointer } from '@/components/exercise/FieldPointer';
import { openInEditor } from '@/components/exercise/open-in-editor';
import { BreakFixApiError, breakFixApi } from './break-fix-api';
import type { BreakFixView, CheckAnswer, LoadAnswer } from './types';

/** How often the goal is re-checked once the scenario is loaded, while the page is visible. */
const AUTO_CHECK_MS = 5000;

type Phase = { kind: 'idle' } | { kind: 'loading' } | { kind: 'loaded'; answer: LoadAnswer } | { kind: 'error'; message: string };

export function BreakFixPanel({ view }: { view: BreakFixView }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [goal, setGoal] = useState<CheckAnswer['goal']>();
  const [everPassed, setEverPassed] = useState(false);
  const [hintsShown, setHintsShown] = useState(0);
  const [editorMissing, setEditorMissing] = useState(false);
  const [debriefOpen, setDebriefOpen] = useState(false);
  const inFlight = useRef(false);

  const check = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const r = await breakFixApi.check(view.scenario);
      setGoal(r.goal);
      if (r.goal.passed) setEverPassed(true);
    } catch (err) {
      setGoal({ passed: false, saw: err instanceof BreakFixApiError && err.status === 401 ? 'your cluster is not ready yet: the lab bench starts it when it loads' : (err as Error).message });
    } finally {
      inFlight.current = false;
    }
  }, [view.scenario]);

  const loadBroken = async () => {
    setPhase({ kind: 'loading' });
    setEverPassed(false);
    setGoal(undefined);
    try {
      const answer = await breakFixApi.load(view.scenario);
      setPhase({ kind: 'loaded', answer });
      void check();
    } catch (err) {
      setPhase({ kind: 'error', message: (err as Error).message });
    }
  };

  const loaded = phase.kind === 'loaded';
  useEffect(() => {
    if (!loaded || everPassed) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void check();
    }, AUTO_CHECK_MS);
    return () => clearInterval(timer);
  }, [loaded, everPassed, check]);

  const openBroken = () => setEditorMissing(!openInEditor(view.broken));
  const problems = phase.kind === 'loaded' ? phase.answer.results.filter((r) => r.problems.length) : [];

  return (
    <section aria-label={`Break and fix: ${view.title}`} data-passed={everPassed} className={`not-prose my-8 rounded-xl border bg-[var(--bg-soft)] p-4 sm:p-5 ${everPassed ? 'border-[var(--ok)]' : 'border-[var(--border)]'}`}>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-semibold uppercase tracking-wide text-[var(--fg-soft)]">Break and fix</p>
          <p className="text-lg font-semibold">{view.title}</p>
        </div>
        <p data-testid="break-fix-status" aria-live="polite" className={`shrink-0 rounded-full px-2.5 py-0.5 text-xs font-semibold ${everPassed ? 'bg-[var(--ok)] text-white' : loaded ? 'bg-[var(--warn-soft)] text-[var(--fg)]' : 'border border-[var(--border)] text-[var(--fg-soft)]'}`}>
          {everPassed ? '✓ Fixed' : loaded ? 'Broken: goal not reached' : 'Not loaded'}
        </p>
      </header>
      <p className="mt-3 text-[0.95rem]">{view.symptom}</p>
      <p className="mt-2 text-[0.95rem]">
        <strong>Goal:</strong> {view.goal}
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <button type="button" onClick={() => void loadBroken()} disabled={phase.kind === 'loading'} className="rounded-md bg-[var(--accent)] px-3 py-1.5 text-sm font-medium text-[var(--accent-fg)] disabled:opacity-60">
          {phase.kind === 'loading' ? 'Loading…' : loaded ? 'Load the broken cluster again' : 'Load the broken cluster'}
        </button>
        <button type="button" onClick={openBroken} className="rounded-md border border-[var(--accent)] px-3 py-1.5 text-sm font-medium text-[var(--accent)] hover:bg-[var(--accent-soft)]">
          Open the broken YAML in the editor
        </button>
        <button type="button" onClick={() => void check()} className="rounded-md border border-[var(--border)] px-3 py-1.5 text-sm">
          Check the goal
        </button>
      </div>
      {editorMissing && <p className="mt-2 text-xs text-[var(--fg-soft)]">The lab bench&apos;s editor is not open on this page: copy the YAML from the fix below, or use the terminal.</p>}
      {phase.kind === 'error' && (
        <p role="alert" className="mt-2 text-sm text-[var(--danger)]">
          Could not load the scenario: {phase.message}
        </p>
      )}
      {phase.kind === 'loaded' && (
        <div className="mt-3 text-sm">
          <p className="text-[var(--fg-soft)]">
            {phase.answer.removed.length ? `Removed the earlier copy (${phase.answer.removed.join(', ')}), then loaded:` : 'Loaded into your cluster:'}
          </p>
          <ul aria-label="Loaded objects" className="mt-1 font-mono text-xs">
            {phase.answer.results.map((r) => (
              <li key={r.summary}>{r.summary}</li>
            ))}
          </ul>
          {problems.length > 0 && <p role="alert" className="mt-1 text-[var(--danger)]">{problems.flatMap((r) => r.problems.map((p) => p.message)).join('; ')}</p>}
        </div>
      )}
      <GoalResult goal={goal} everPassed={everPassed} loaded={loaded} />
      <section aria-label="Hints" className="mt-4">
        {hintsShown > 0 && (
          <ol className="space-y-2 text-sm" style={{ listStyle: 'decimal', paddingLeft: '1.25rem' }}>
            {view.hints.slice(0, hintsShown).map((h) => (
              <li key={h.text}>
                <p>{h.text}</p>
                {h.command && <Command text={h.command} />}
              </li>
            ))}
          </ol>
        )}
        {hintsShown < view.hints.length && (
          <button type="button" onClick={() => setHintsShown((n) => n + 1)} className="mt-2 text-sm text-[var(--accent)] underline">
            {hintsShown === 0 ? `First hint (of ${view.hints.length})` : `Next hint (${hintsShown + 1} of ${view.hints.length})`}
          </button>
        )}
      </section>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-[var(--fg-soft)] underline">Show the fix</summary>
        <div className="mt-2 space-y-2">
          {view.beforeFix && (
            <>
              <p>First:</p>
              <Command text={view.beforeFix} />
            </>
          )}
          <p>{view.beforeFix ? 'Then apply:' : 'Apply:'}</p>
          <Code text={view.fix.trim()} label="Copy the fixed YAML" maxHeight="16rem" />
          {view.afterFix && (
            <>
              <p>Then:</p>
              <Command text={view.afterFix} />
            </>
          )}
        </div>
      </details>
      {everPassed || debriefOpen ? (
        <section aria-label="Debrief" className="mt-4 rounded-lg border border-[var(--border)] bg-[var(--bg)] p-3 text-[0.95rem]">
          <p className="font-semibold">What happened</p>
          <p className="mt-1">{view.debrief}</p>
          <ul className="mt-2 space-y-1 text-sm">
            {view.links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} className="text-[var(--accent)] underline">
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="mt-3 text-xs text-[var(--fg-soft)]">
          The debrief opens when the goal is reached.{' '}
          <button type="button" onClick={() => setDebriefOpen(true)} className="underline">
            Read it now
          </button>
        </p>
      )}
    </section>
  );
}

function GoalResult({ goal, everPassed, loaded }: { goal?: CheckAnswer['goal']; everPassed: boolean; loaded: boolean }) {
  if (!goal) return loaded ? <p className="mt-3 text-xs text-[var(--fg-soft)]">Checking the goal…</p> : null;
  if (goal.passed)
    return (
      <p data-testid="goal-result" className="mt-3 rounded-md bg-[var(--ok-soft)] px-2.5 py-1.5 text-sm">
        <strong className="text-[var(--ok)]">Goal reached.</strong> {goal.saw}
      </p>
    );
  return (
    <div data-testid="goal-result" className={`mt-3 rounded-md px-2.5 py-1.5 text-sm ${everPassed ? 'bg-[var(--bg)]' : 'bg-[var(--warn-soft)]'}`}>
      <p>
        <strong>{everPassed ? 'Reached earlier; now:' : 'Not yet:'}</strong> {goal.saw}
      </p>
      {goal.field && <FieldPointer field={goal.field} object={goal.object} />}
      {loaded && !everPassed && <p className="mt-1 text-xs text-[var(--fg-soft)]">Checked again every {AUTO_CHECK_MS / 1000} s while this page is open.</p>}
    </div>
  );
}

function Code({ text, label, maxHeight, prompt }: { text: string; label: string; maxHeight?: string; prompt?: boolean }) {
  return (
    <div className="flex items-start gap-2 rounded-md bg-[var(--bg-code)] p-1.5">
      <pre className="min-w-0 flex-1 overflow-auto p-1 text-xs leading-relaxed" style={{ maxHeight }}>
        <code>
          {prompt && <span aria-hidden className="select-none text-[var(--fg-soft)]">$ </span>}
          {text}
        </code>
      </pre>
      <CopyButton text={text} label={label} />
    </div>
  );
}

function Command({ text }: { text: string }) {
  return <Code text={text} label="Copy the command" prompt />;
}
