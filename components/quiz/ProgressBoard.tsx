'use client';
/**
 * The progress page's live part: the completion checklist ticked from evidence, the quiz
 * grades, lessons read and exercise steps, loaded from /api/progress; export and import.
 */
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { reportSessionLost } from '@/components/layout/session-lost';
import type { EvidenceStatus } from '@/lib/quiz/checklist';
import type { ProgressSummary } from '@/lib/quiz/service';
import { moduleScoreDetail } from './score-words';

interface Props {
  lessonTitles: Record<string, string>;
  lessonCount: number;
  quizzes: { id: string; lesson: string; title: string }[];
}

const STATUS: Record<EvidenceStatus, { icon: string; label: string; className: string }> = {
  done: { icon: '✓', label: 'done', className: 'text-[var(--ok)]' },
  partial: { icon: '◐', label: 'started', className: 'text-[var(--warn)]' },
  todo: { icon: '○', label: 'to do', className: 'text-[var(--fg-soft)]' },
};

const pct = (f: number) => `${Math.round(f * 100)} %`;

export function ProgressBoard({ lessonTitles, lessonCount, quizzes }: Props) {
  const [progress, setProgress] = useState<ProgressSummary | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [importMessage, setImportMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const fileRef = useRef<HTMLInputElement>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const res = await fetch('/api/progress', { cache: 'no-store', signal });
      const body = (await res.json()) as { progress?: ProgressSummary; message?: string };
      if (!res.ok || !body.progress) throw new Error(body.message ?? `the portal answered ${res.status}`);
      setProgress(body.progress);
      setError(undefined);
    } catch (err) {
      if (!signal?.aborted) setError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    const ac = new AbortController();
    // Loading on mount is the point of this component: the progress lives on the server.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load(ac.signal);
    return () => ac.abort();
  }, [load]);

  const importFile = async (file: File) => {
    setImportMessage(undefined);
    try {
      const text = await file.text();
      const res = await fetch('/api/progress/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
      const body = (await res.json().catch(() => ({}))) as { imported?: { lessons: number; quizAttempts: number; skippedAttempts: number; exerciseSteps: number }; message?: string };
      reportSessionLost(res.status, body.message);
      if (!res.ok || !body.imported) throw new Error(body.message ?? `the portal answered ${res.status}`);
      const i = body.imported;
      setImportMessage({ ok: true, text: `Imported: ${i.lessons} lesson(s), ${i.quizAttempts} new quiz answer(s)${i.skippedAttempts ? ` (${i.skippedAttempts} for questions that no longer exist skipped)` : ''}, ${i.exerciseSteps} exercise step(s). Nothing newer was overwritten.` });
      await load();
    } catch (err) {
      setImportMessage({ ok: false, text: `Not imported: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  if (error) {
    return (
      <p role="alert" className="mt-8 rounded-md bg-[var(--warn-soft)] px-4 py-3">
        Your progress could not be loaded ({error}).
      </p>
    );
  }
  if (!progress) return <p className="mt-8 text-[var(--fg-soft)]">Loading your progress…</p>;

  const done = progress.checklist.filter((i) => i.done).length;
  const stepsPassed = progress.exerciseSteps.filter((s) => s.passed).length;
  const gradeOf = new Map(progress.module.quizzes.map((g) => [g.quiz, g]));

  return (
    <div className="mt-8 space-y-10">
      <section aria-label="Summary" className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Checklist" value={`${done} / ${progress.checklist.length}`} />
        <Stat label="Lessons read" value={`${progress.lessons.length} / ${lessonCount}`} />
        <Stat label="Quizzes passed" value={`${progress.module.passedQuizzes} / ${progress.module.quizzes.length}`} detail={moduleScoreDetail(progress.module)} />
        <Stat label="Exercise steps passed" value={String(stepsPassed)} detail={progress.exerciseSteps.length ? `of ${progress.exerciseSteps.length} checked` : 'none checked yet'} />
      </section>

      <section aria-labelledby="checklist">
        <h2 id="checklist" className="text-xl font-semibold">Completion checklist</h2>
        <ul className="mt-4 space-y-3">
          {progress.checklist.map((item) => (
            <li key={item.text} className="rounded-lg border border-[var(--border)] p-3">
              <p className="flex items-start gap-2 font-medium">
                <span aria-hidden className={`mt-0.5 text-lg leading-none ${item.done ? 'text-[var(--ok)]' : 'text-[var(--fg-soft)]'}`}>
                  {item.done ? '☑' : '☐'}
                </span>
                <span>
                  {item.text}
                  <span className="sr-only">{item.done ? ' (done)' : ' (not done yet)'}</span>
                </span>
              </p>
              <ul className="mt-2 grid gap-1 pl-7 text-sm sm:grid-cols-2">
                {item.evidence.map((e) => (
                  <li key={e.slug} className="flex items-baseline gap-2">
                    <span aria-hidden className={STATUS[e.status].className}>
                      {STATUS[e.status].icon}
                    </span>
                    <span>
                      <Link href={`/learn/module-05/${e.slug}`} className="text-[var(--accent)] underline underline-offset-2">
                        {lessonTitles[e.slug] ?? e.title}
                      </Link>
                      <span className="text-[var(--fg-soft)]">
                        {' '}
                        · {e.detail}
                        <span className="sr-only"> ({STATUS[e.status].label})</span>
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="quizzes">
        <h2 id="quizzes" className="text-xl font-semibold">Quizzes</h2>
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-[var(--border)] text-[var(--fg-soft)]">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">Quiz</th>
                <th scope="col" className="py-2 pr-3 font-medium">Answered</th>
                <th scope="col" className="py-2 pr-3 font-medium">Score</th>
                <th scope="col" className="py-2 font-medium">Result</th>
              </tr>
            </thead>
            <tbody>
              {quizzes.map((q) => {
                const g = gradeOf.get(q.id);
                return (
                  <tr key={q.id} className="border-b border-[var(--border)]">
                    <td className="py-2 pr-3">
                      <Link href={`/learn/module-05/${q.lesson}${q.id === q.lesson && q.lesson !== 'knowledge-check' ? '#quiz' : ''}`} className="text-[var(--accent)] hover:underline">
                        {q.title}
                      </Link>
                    </td>
                    <td className="py-2 pr-3">{g ? `${g.answered} / ${g.total}` : '–'}</td>
                    <td className="py-2 pr-3">{g?.answered ? pct(g.fraction) : '–'}</td>
                    <td className={`py-2 ${g?.passed ? 'font-semibold text-[var(--ok)]' : 'text-[var(--fg-soft)]'}`}>{g?.passed ? 'Passed' : g?.answered ? 'Not passed yet' : 'Not taken'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="backup" className="rounded-lg border border-[var(--border)] p-4">
        <h2 id="backup" className="text-xl font-semibold">Keep your progress</h2>
        <p className="mt-1 text-sm text-[var(--fg-soft)]">Export a file with everything above and your answer history. Importing a file merges it with what is here: nothing newer is lost.</p>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <a href="/api/progress/export" download className="rounded-md bg-[var(--accent)] px-4 py-2 text-sm font-semibold text-[var(--accent-fg)]">
            Export progress
          </a>
          <label className="cursor-pointer rounded-md border border-[var(--border)] px-4 py-2 text-sm font-medium hover:border-[var(--accent)] focus-within:outline focus-within:outline-2 focus-within:outline-[var(--accent)]">
            Import progress…
            <input ref={fileRef} type="file" accept="application/json,.json" className="sr-only" onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} />
          </label>
        </div>
        {importMessage && (
          <p role={importMessage.ok ? 'status' : 'alert'} className={`mt-3 rounded-md px-3 py-2 text-sm ${importMessage.ok ? 'bg-[var(--ok-soft)]' : 'bg-[var(--danger-soft)]'}`}>
            {importMessage.text}
          </p>
        )}
      </section>
    </div>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="rounded-lg border border-[var(--border)] bg-[var(--bg-soft)] p-3">
      <p className="text-xs font-medium uppercase tracking-wide text-[var(--fg-soft)]">{label}</p>
      <p className="mt-1 text-2xl font-bold">{value}</p>
      {detail && <p className="text-xs text-[var(--fg-soft)]">{detail}</p>}
    </div>
  );
}
