'use client';
/**
 * An interactive quiz: questions rendered from the public quiz view, answers sent to the
 * portal to be graded and saved, feedback with the explanation, and the saved answers loaded
 * again on every visit. "Try again" reopens a question; the new answer replaces the old one in
 * the score (the old one stays in the history). A wrong or partly right answer shows what was
 * wrong in it, not the right answer; "Show the answer" reveals it, and from then on the
 * question keeps its score (further tries are practice).
 */
import { useEffect, useState } from 'react';
import type { QuizView, QuestionView, Feedback } from '@/lib/quiz/view';
import { draftOf, emptyDraft, toAnswer, type Draft } from './draft';
import { BugInput, ChoiceInput, OpenInput, OrderInput } from './QuestionInputs';
import { InlineText } from './InlineText';
import { loadSaved, submitAnswer } from './quiz-api';

const KIND_HINT: Record<QuestionView['kind'], string> = {
  single: 'Choose one answer.',
  multiple: 'Choose all that apply.',
  workload: 'Choose the workload type.',
  order: 'Put the steps in order with the Up and Down buttons.',
  bug: 'Tick the faulty line or lines.',
  open: 'Write your answer, compare it with the model answer, then tick what you covered.',
};

type Status = { state: 'loading' } | { state: 'ready' } | { state: 'offline'; message: string };

export function QuizClient({ quiz, label }: { quiz: QuizView; label: string }) {
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => Object.fromEntries(quiz.questions.map((q) => [q.id, emptyDraft(q)])));
  const [feedback, setFeedback] = useState<Record<string, Feedback>>({});
  const [status, setStatus] = useState<Status>({ state: 'loading' });
  const [busy, setBusy] = useState<string | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    const ac = new AbortController();
    loadSaved(quiz.id, ac.signal).then(
      (saved) => {
        const mine = Object.fromEntries(Object.entries(saved.answers).filter(([id]) => quiz.questions.some((q) => q.id === id)));
        setFeedback(mine);
        setDrafts((d) => ({ ...d, ...Object.fromEntries(Object.entries(mine).map(([id, f]) => [id, draftOf(f.answer)])) }));
        setStatus({ state: 'ready' });
      },
      (err: unknown) => {
        if (!ac.signal.aborted) setStatus({ state: 'offline', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => ac.abort();
  }, [quiz]);

  const send = async (q: QuestionView, reveal = false) => {
    const answer = reveal ? feedback[q.id]?.answer : toAnswer(drafts[q.id]);
    if (!answer) return;
    setBusy(q.id);
    setErrors(({ [q.id]: _gone, ...rest }) => rest);
    try {
      const outcome = await submitAnswer(quiz.id, q.id, answer, reveal);
      setFeedback((f) => ({ ...f, [q.id]: outcome.feedback }));
    } catch (err) {
      setErrors((e) => ({ ...e, [q.id]: `Your answer was not saved: ${err instanceof Error ? err.message : String(err)}` }));
    } finally {
      setBusy(undefined);
    }
  };

  const retry = (ids: string[]) => {
    setFeedback((f) => Object.fromEntries(Object.entries(f).filter(([id]) => !ids.includes(id))));
    setDrafts((d) => ({ ...d, ...Object.fromEntries(quiz.questions.filter((q) => ids.includes(q.id)).map((q) => [q.id, emptyDraft(q)])) }));
  };

  const answered = quiz.questions.filter((q) => feedback[q.id]);
  const points = answered.reduce((n, q) => n + feedback[q.id].score, 0);
  const fraction = quiz.questions.length ? points / quiz.questions.length : 0;

  return (
    <section aria-label={label} className="my-6 rounded-lg border border-[var(--border)]">
      <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-[var(--border)] bg-[var(--bg-soft)] px-4 py-3">
        <p className="font-semibold">{label}</p>
        <p className="text-sm text-[var(--fg-soft)]" aria-live="polite">
          {status.state === 'loading' ? 'Loading your answers…' : `${answered.length} of ${quiz.questions.length} answered · score ${Math.round(fraction * 100)} %${answered.length === quiz.questions.length ? (fraction >= quiz.passMark ? ' · passed' : ` · ${Math.round(quiz.passMark * 100)} % passes`) : ''}`}
        </p>
      </header>
      {status.state === 'offline' && (
        <p role="alert" className="mx-4 mt-3 rounded-md bg-[var(--warn-soft)] px-3 py-2 text-sm">
          Your saved answers could not be loaded ({status.message}). You can still answer; if saving fails too, the portal may be restarting.
        </p>
      )}
      <div className="divide-y divide-[var(--border)]">
        {quiz.questions.map((q, i) => (
          <QuestionCard key={q.id} number={i + 1} question={q} draft={drafts[q.id]} feedback={feedback[q.id]} busy={busy === q.id} error={errors[q.id]} onChange={(d) => setDrafts((all) => ({ ...all, [q.id]: d }))} onSubmit={() => void send(q)} onReveal={() => void send(q, true)} onRetry={() => retry([q.id])} />
        ))}
      </div>
      {answered.length > 0 && (
        <footer className="flex justify-end border-t border-[var(--border)] px-4 py-3">
          <button type="button" onClick={() => retry(quiz.questions.map((q) => q.id))} className="rounded-md border border-[var(--border)] px-3 py-1.5 text-sm font-medium hover:border-[var(--accent)]">
            Retry all questions
          </button>
        </footer>
      )}
    </section>
  );
}

function QuestionCard(props: { number: number; question: QuestionView; draft: Draft; feedback?: Feedback; busy: boolean; error?: string; onChange(d: Draft): void; onSubmit(): void; onReveal(): void; onRetry(): void }) {
  const { number, question: q, draft, feedback, busy, error, onChange, onSubmit, onReveal, onRetry } = props;
  const promptId = `q-${q.id}-prompt`;
  const ready = Boolean(toAnswer(draft));
  const input = (() => {
    const common = { draft, onChange, answerKey: feedback?.key } as const;
    switch (q.kind) {
      case 'single':
      case 'multiple':
      case 'workload':
        return <ChoiceInput {...common} question={q} draft={draft as Extract<Draft, { kind: 'single' | 'workload' | 'multiple' }>} />;
      case 'order':
        return <OrderInput {...common} question={q} draft={draft as Extract<Draft, { kind: 'order' }>} />;
      case 'bug':
        return <BugInput {...common} question={q} draft={draft as Extract<Draft, { kind: 'bug' }>} />;
      case 'open':
        return <OpenInput {...common} question={q} draft={draft as Extract<Draft, { kind: 'open' }>} />;
    }
  })();
  return (
    <div role="group" aria-labelledby={promptId} className="px-4 py-4" data-question={q.id}>
      <p id={promptId} className="font-medium">
        <span className="mr-1 text-[var(--fg-soft)]">{number}.</span> <InlineText text={q.prompt} />
      </p>
      <p className="mb-3 mt-1 text-sm text-[var(--fg-soft)]">{KIND_HINT[q.kind]}</p>
      {input}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        {!feedback ? (
          <button type="button" onClick={onSubmit} disabled={!ready || busy} className="rounded-md bg-[var(--accent)] px-4 py-1.5 text-sm font-semibold text-[var(--accent-fg)] disabled:opacity-50">
            {busy ? 'Checking…' : q.kind === 'open' ? 'Save my self-assessment' : 'Check answer'}
          </button>
        ) : (
          <>
            <button type="button" onClick={onRetry} className="rounded-md border border-[var(--border)] px-3 py-1.5 text-sm font-medium hover:border-[var(--accent)]">
              Try again
            </button>
            {!feedback.key && (
              <button type="button" onClick={onReveal} disabled={busy} className="rounded-md border border-[var(--border)] px-3 py-1.5 text-sm font-medium hover:border-[var(--accent)] disabled:opacity-50">
                {busy ? 'Loading…' : 'Show the answer'}
              </button>
            )}
          </>
        )}
        {error && (
          <p role="alert" className="text-sm text-[var(--danger)]">
            {error}
          </p>
        )}
      </div>
      <div aria-live="polite">{feedback && <FeedbackPanel question={q} feedback={feedback} />}</div>
    </div>
  );
}

// Literal class names, so Tailwind generates them.
const TONES = {
  ok: 'border-[var(--ok)] bg-[var(--ok-soft)]',
  warn: 'border-[var(--warn)] bg-[var(--warn-soft)]',
  danger: 'border-[var(--danger)] bg-[var(--danger-soft)]',
};

function FeedbackPanel({ question, feedback }: { question: QuestionView; feedback: Feedback }) {
  const own = feedback.attempt;
  const percent = Math.round(own.score * 100);
  const tone = own.correct ? TONES.ok : own.score > 0 ? TONES.warn : TONES.danger;
  const verdict =
    question.kind === 'open'
      ? `You covered ${percent} % of the points${own.correct ? ': well done.' : '. Read the model answer again and try once more.'}`
      : own.correct
        ? 'Correct.'
        : own.score > 0
          ? `Partly right: ${percent} %.`
          : 'Not quite.';
  const kept = Math.round(feedback.score * 100);
  return (
    <div className={`mt-3 rounded-md border-l-4 px-3 py-2 text-[0.97rem] ${tone}`}>
      <p className="font-semibold">{verdict}</p>
      {feedback.explanation !== undefined ? (
        <p className="mt-1">
          <InlineText text={feedback.explanation} />
        </p>
      ) : (
        <p className="mt-1">{feedback.hint ?? 'Try again, or show the answer.'} The right answer stays hidden until you get it or ask for it.</p>
      )}
      {feedback.revealed && question.kind !== 'open' && (
        <p className="mt-1 text-sm">
          You looked at the answer, so this question counts {kept} % in your score; trying again is practice and does not change that.
        </p>
      )}
      <p className="mt-1 text-xs text-[var(--fg-soft)]">
        Saved {new Date(feedback.answeredAt).toLocaleString()} · attempt {feedback.attempts}
      </p>
    </div>
  );
}
