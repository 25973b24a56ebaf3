'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ExerciseApiError, exerciseApi } from './exercise-api';
import { StepCard } from './StepCard';
import type { ExerciseView, StepState } from './types';

/** How often the steps are re-checked while the page is visible and some step is still open. */
const AUTO_CHECK_MS = 5000;

type Status = { kind: 'idle' } | { kind: 'checking' } | { kind: 'checked'; at: Date } | { kind: 'error'; message: string; noSession?: boolean };

export function ExercisePanel({ view }: { view: ExerciseView }) {
  const [states, setStates] = useState<Record<string, StepState>>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const inFlight = useRef(false);

  const merge = useCallback((steps: StepState[]) => {
    setStates((prev) => {
      const next = { ...prev };
      for (const s of steps) next[s.step] = { ...prev[s.step], ...s };
      return next;
    });
  }, []);

  const check = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setStatus({ kind: 'checking' });
    try {
      const r = await exerciseApi.check(view.exercise);
      merge(r.steps);
      setStatus({ kind: 'checked', at: new Date() });
    } catch (err) {
      const noSession = err instanceof ExerciseApiError && err.status === 401;
      setStatus({ kind: 'error', message: noSession ? 'Your cluster is not ready yet: the lab bench starts it when it loads.' : (err as Error).message, noSession });
    } finally {
      inFlight.current = false;
    }
  }, [view.exercise, merge]);

  // The recorded progress first (no cluster needed), so passed steps show ticked at once.
  useEffect(() => {
    exerciseApi.progress(view.exercise).then((r) => merge(r.steps), () => {});
  }, [view.exercise, merge]);

  const done = view.steps.filter((s) => states[s.id]?.everPassed).length;
  const allDone = done === view.steps.length;

  useEffect(() => {
    if (allDone) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void check();
    }, AUTO_CHECK_MS);
    return () => clearInterval(timer);
  }, [allDone, check]);

  return (
    <section aria-label={`Exercise: ${view.title}`} className="not-prose my-8 rounded-xl border border-[var(--border)] bg-[var(--bg-soft)] p-4 sm:p-5">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-xs font-semibold uppercase tracking-wide text-[var(--fg-soft)]">Checked steps</p>
          <p className="text-lg font-semibold">{view.title}</p>
        </div>
        <div className="flex items-center gap-3">
          <p className="text-sm" aria-live="polite" data-testid="exercise-progress">
            {done} of {view.steps.length} done
          </p>
          <button type="button" onClick={() => void check()} disabled={status.kind === 'checking'} className="rounded-md bg-[var(--accent)] px-3 py-1.5 text-sm font-medium text-[var(--accent-fg)] disabled:opacity-60">
            {status.kind === 'checking' ? 'Checking…' : 'Check'}
          </button>
        </div>
      </header>
      <p className="mt-2 text-xs text-[var(--fg-soft)]" role="status">
        {status.kind === 'error'
          ? status.message
          : allDone
            ? 'Every step has passed. Your progress is saved.'
            : status.kind === 'checked'
              ? `Checked at ${status.at.toLocaleTimeString()}; checking again every ${AUTO_CHECK_MS / 1000} s while this page is open.`
              : `Your cluster is checked every ${AUTO_CHECK_MS / 1000} s while this page is open, or press Check.`}
      </p>
      <ol className="mt-4 space-y-3" style={{ listStyle: 'none', paddingLeft: 0 }}>
        {view.steps.map((step, i) => (
          <StepCard key={step.id} exercise={view.exercise} index={i + 1} step={step} state={states[step.id]} onSolutionShown={() => merge([{ ...(states[step.id] ?? { everPassed: false }), step: step.id, solutionShown: true }])} />
        ))}
      </ol>
    </section>
  );
}
