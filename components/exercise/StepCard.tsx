'use client';
import { useState, useSyncExternalStore } from 'react';
import { CopyButton } from '@/components/mdx/CopyButton';
import { exerciseApi } from './exercise-api';
import { FieldPointer } from './FieldPointer';
import { openInEditor } from './open-in-editor';
import type { ExerciseStepView, StepState } from './types';

interface Props {
  exercise: string;
  index: number;
  step: ExerciseStepView;
  state?: StepState;
  onSolutionShown(): void;
}

export function StepCard({ exercise, index, step, state, onSolutionShown }: Props) {
  const passed = state?.everPassed ?? false;
  const [hintsShown, setHintsShown] = useState(0);
  const [solution, setSolution] = useState<string>();
  const [solutionError, setSolutionError] = useState<string>();
  const [yamlShown, setYamlShown] = useState(false);
  const [editorMissing, setEditorMissing] = useState(false);

  const openEditor = () => {
    if (!step.manifest) return;
    const ok = openInEditor(step.manifest.yaml);
    setEditorMissing(!ok);
    if (!ok) setYamlShown(true);
  };

  const showSolution = async () => {
    try {
      const r = await exerciseApi.solution(exercise, step.id);
      setSolution(r.solution);
      onSolutionShown();
    } catch (err) {
      setSolutionError((err as Error).message);
    }
  };

  return (
    <li aria-label={`Step ${index}: ${step.title}`} data-passed={passed} className={`rounded-lg border bg-[var(--bg)] p-3 sm:p-4 ${passed ? 'border-[var(--ok)]' : 'border-[var(--border)]'}`}>
      <div className="flex items-start gap-3">
        <span aria-hidden className={`mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${passed ? 'bg-[var(--ok)] text-white' : 'border border-[var(--border)] text-[var(--fg-soft)]'}`}>
          {passed ? '✓' : index}
        </span>
        <div className="min-w-0 flex-1 space-y-3">
          <div>
            <p className="font-semibold">
              {step.title}
              <span className="sr-only">{passed ? ' (passed)' : ' (not passed yet)'}</span>
            </p>
            <p className="text-[0.95rem]">{step.goal}</p>
          </div>
          {step.predict && <Prediction exercise={exercise} step={step} state={state} />}
          {step.manifest && (
            <div className="flex flex-wrap items-center gap-2">
              <button type="button" onClick={openEditor} className="rounded-md border border-[var(--accent)] px-2.5 py-1 text-sm font-medium text-[var(--accent)] hover:bg-[var(--accent-soft)]">
                Open in editor
              </button>
              <span className="min-w-0 break-all font-mono text-xs text-[var(--fg-soft)]">{step.manifest.title}</span>
              <button type="button" onClick={() => setYamlShown((v) => !v)} aria-expanded={yamlShown} className="text-xs text-[var(--accent)] underline">
                {yamlShown ? 'Hide YAML' : 'Show YAML'}
              </button>
            </div>
          )}
          {editorMissing && <p className="text-xs text-[var(--fg-soft)]">The lab bench&apos;s editor is not open on this page: copy the YAML below.</p>}
          {step.manifest && yamlShown && <CodeWithCopy text={step.manifest.yaml} label="Copy the YAML" maxHeight="16rem" />}
          {step.command && <CodeWithCopy text={step.command} label="Copy the command" prompt />}
          <Result state={state} />
          <div className="flex flex-wrap gap-3 text-sm">
            {hintsShown < step.hints.length && (
              <button type="button" onClick={() => setHintsShown((n) => n + 1)} className="text-[var(--accent)] underline">
                {hintsShown === 0 ? 'Hint' : 'Another hint'}
              </button>
            )}
            {!solution && (
              <button type="button" onClick={() => void showSolution()} className="text-[var(--fg-soft)] underline">
                Show the solution
              </button>
            )}
          </div>
          {hintsShown > 0 && (
            <ul aria-label="Hints" className="list-disc space-y-1 pl-5 text-sm">
              {step.hints.slice(0, hintsShown).map((h) => (
                <li key={h}>{h}</li>
              ))}
            </ul>
          )}
          {solutionError && <p role="alert" className="text-sm text-[var(--danger)]">{solutionError}</p>}
          {solution && (
            <section aria-label="Solution">
              <p className="text-xs font-semibold text-[var(--fg-soft)]">Solution (recorded as shown)</p>
              <CodeWithCopy text={solution.trim()} label="Copy the solution" />
            </section>
          )}
          {!solution && state?.solutionShown && <p className="text-xs text-[var(--fg-soft)]">You looked at this step&apos;s solution.</p>}
        </div>
      </div>
    </li>
  );
}

function Result({ state }: { state?: StepState }) {
  if (!state || state.saw === undefined) return null;
  if (state.passed) {
    return (
      <p className="rounded-md bg-[var(--ok-soft)] px-2.5 py-1.5 text-sm text-[var(--fg)]" data-testid="step-result">
        <strong className="text-[var(--ok)]">Passed.</strong> {state.saw}
      </p>
    );
  }
  return (
    <div className={`rounded-md px-2.5 py-1.5 text-sm ${state.everPassed ? 'bg-[var(--bg-soft)]' : 'bg-[var(--warn-soft)]'}`} data-testid="step-result">
      <p>
        <strong>{state.everPassed ? 'Passed earlier; now:' : 'Not yet:'}</strong> {state.saw}
      </p>
      {state.field && <FieldPointer field={state.field} object={state.object} />}
    </div>
  );
}

function CodeWithCopy({ text, label, prompt, maxHeight }: { text: string; label: string; prompt?: boolean; maxHeight?: string }) {
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

const PREDICTION_EVENT = 'kubelab:prediction';

function subscribePredictions(onChange: () => void): () => void {
  window.addEventListener(PREDICTION_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(PREDICTION_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** Predict, then observe: the learner commits to an answer before the cluster shows it. */
function Prediction({ exercise, step, state }: { exercise: string; step: ExerciseStepView; state?: StepState }) {
  const key = `kubelab.predict.${exercise}.${step.id}`;
  // The prediction lives in the browser (it is the learner's own note, not progress).
  const choice = useSyncExternalStore(subscribePredictions, () => window.localStorage.getItem(key) ?? undefined, () => undefined);
  const pick = (o: string) => {
    window.localStorage.setItem(key, o);
    window.dispatchEvent(new Event(PREDICTION_EVENT));
  };
  const answer = state?.passed ? state.answer : undefined;
  const locked = Boolean(choice) && Boolean(state?.everPassed);
  return (
    <fieldset className="rounded-md border border-dashed border-[var(--border)] p-2.5">
      <legend className="px-1 text-sm font-semibold">Predict first: {step.predict!.question}</legend>
      <div className="flex flex-col gap-1">
        {step.predict!.options.map((o) => (
          <label key={o} className="flex items-center gap-2 text-sm">
            <input type="radio" name={key} value={o} checked={choice === o} disabled={locked} onChange={() => pick(o)} />
            {o}
          </label>
        ))}
      </div>
      {!choice && <p className="mt-1 text-xs text-[var(--fg-soft)]">Pick an answer before you apply; the check will tell you what really happened.</p>}
      {choice && answer && (
        <p className={`mt-2 text-sm ${choice === answer ? 'text-[var(--ok)]' : ''}`} data-testid="prediction-verdict">
          {choice === answer ? `Your prediction was right: ${answer}.` : `You predicted “${choice}”; the cluster showed “${answer}”.`}
          {state?.observed && <span className="text-[var(--fg-soft)]"> (Observed: {state.observed}.)</span>}
        </p>
      )}
    </fieldset>
  );
}
