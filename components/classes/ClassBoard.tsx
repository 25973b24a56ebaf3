'use client';
/**
 * The live class board: one EventSource on the class's board stream (server-sent events, no
 * polling); a row per learner with the lesson they are on, the step they are at and its last
 * failing check message, time since their last action (counted here), and pods in trouble.
 * Sort and filter (stuck longer than N minutes, failing step X). Per learner: inspect their
 * cluster read-only, reset it (after a confirmation), send a hint, show a recovery code.
 */
import Link from 'next/link';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { filterRows, sortRows, type BoardRow, type BoardSort } from '@/lib/classes/board';
import type { BoardMessage } from '@/lib/classes/board-stream';
import type { ExerciseOutline } from '@/lib/instructor/class-overview';
import { ago, exerciseShortName } from '@/components/instructor/format';

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const out = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new Error(out.message ?? `the portal answered ${res.status}`);
  return out;
}

export function ClassBoard({ classId, outline, lessonTitles }: { classId: string; outline: ExerciseOutline[]; lessonTitles: Record<string, string> }) {
  const [rows, setRows] = useState<Map<string, BoardRow>>(new Map());
  const [connection, setConnection] = useState<'connecting' | 'live' | 'reconnecting'>('connecting');
  const [now, setNow] = useState(() => Date.now());
  const [sort, setSort] = useState<BoardSort>('name');
  const [stuck, setStuck] = useState('');
  const [failing, setFailing] = useState('');

  useEffect(() => {
    const es = new EventSource(`/api/instructor/classes/${classId}/board`);
    es.onopen = () => setConnection('live');
    es.onerror = () => setConnection('reconnecting');
    es.onmessage = (e: MessageEvent<string>) => {
      const m = JSON.parse(e.data) as BoardMessage;
      setRows((prev) => {
        if (m.type === 'rows') return new Map(m.rows.map((r) => [r.id, r]));
        const next = new Map(prev);
        if (m.type === 'row') next.set(m.row.id, m.row);
        else next.delete(m.id);
        return next;
      });
    };
    // "2 min ago" moves on by itself; the rows only change when the server says so.
    const tick = setInterval(() => setNow(Date.now()), 10_000);
    return () => {
      es.close();
      clearInterval(tick);
    };
  }, [classId]);

  const stepTitle = useMemo(() => new Map(outline.flatMap((e) => e.steps.map((s) => [`${e.exercise}/${s.id}`, s.title]))), [outline]);
  const stuckMinutes = stuck === '' ? undefined : Math.max(0, Number(stuck));
  const shown = sortRows(filterRows([...rows.values()], { stuckMinutes: Number.isFinite(stuckMinutes) ? stuckMinutes : undefined, failingStep: failing || undefined }, now), sort);

  return (
    <div className="mt-4">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col font-medium">
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as BoardSort)} className="mt-1 h-9 rounded-md border border-[var(--border)] bg-[var(--bg)] px-2">
            <option value="name">Name</option>
            <option value="idle">Longest without an action</option>
            <option value="progress">Fewest steps passed</option>
            <option value="trouble">Most pods in trouble</option>
          </select>
        </label>
        <label className="flex flex-col font-medium">
          Stuck longer than (min)
          <input type="number" min={0} max={1440} value={stuck} onChange={(e) => setStuck(e.target.value)} placeholder="any" className="mt-1 h-9 w-28 rounded-md border border-[var(--border)] bg-[var(--bg)] px-2" />
        </label>
        <label className="flex min-w-0 flex-col font-medium">
          Failing step
          <select value={failing} onChange={(e) => setFailing(e.target.value)} className="mt-1 h-9 max-w-[22rem] rounded-md border border-[var(--border)] bg-[var(--bg)] px-2">
            <option value="">any</option>
            {outline.map((e) => (
              <optgroup key={e.exercise} label={`${exerciseShortName(e.exercise)} ${e.title}`}>
                {e.steps.map((s) => <option key={s.id} value={`${e.exercise}/${s.id}`}>{exerciseShortName(e.exercise)}: {s.title}</option>)}
              </optgroup>
            ))}
          </select>
        </label>
        <span className="ml-auto flex h-9 items-center gap-1 text-xs text-[var(--fg-soft)]" aria-live="polite" data-testid="board-connection">
          <span className={`inline-block h-2 w-2 rounded-full ${connection === 'live' ? 'bg-[var(--ok)]' : 'bg-[var(--warn)]'}`} aria-hidden /> {connection}
        </span>
        <a href={`/api/instructor/classes/${classId}/export`} download className="flex h-9 items-center rounded-md border border-[var(--border)] px-3 font-medium">Export CSV</a>
      </div>
      <p className="mt-2 text-sm text-[var(--fg-soft)]">{shown.length} of {rows.size} learner{rows.size === 1 ? '' : 's'} shown</p>
      {rows.size === 0 ? (
        <p className="mt-3 rounded-md border border-dashed border-[var(--border)] p-4 text-sm text-[var(--fg-soft)]">Nobody has joined yet. Put the join link or the code on a slide; learners appear here as they join.</p>
      ) : (
        <ul className="mt-3 space-y-2" aria-label="Learners">
          {shown.map((r) => <LearnerCard key={r.id} row={r} now={now} classId={classId} stepTitle={stepTitle} lessonTitles={lessonTitles} />)}
        </ul>
      )}
    </div>
  );
}

function LearnerCard({ row, now, classId, stepTitle, lessonTitles }: { row: BoardRow; now: number; classId: string; stepTitle: Map<string, string>; lessonTitles: Record<string, string> }) {
  const [panel, setPanel] = useState<'none' | 'reset' | 'hint'>('none');
  const [hint, setHint] = useState('');
  const [said, setSaid] = useState<{ ok: boolean; text: string } | undefined>();
  const [code, setCode] = useState<string | undefined>();
  const step = row.exercise && row.step ? `${row.exercise}/${row.step}` : undefined;
  const allPassed = row.exercise && !row.step;

  const act = async (fn: () => Promise<string>) => {
    setSaid(undefined);
    try {
      setSaid({ ok: true, text: await fn() });
      setPanel('none');
    } catch (err) {
      setSaid({ ok: false, text: (err as Error).message });
    }
  };
  const sendHint = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await post('/api/instructor/learners/hint', { class: classId, learner: row.id, text: hint });
      setHint('');
      return 'Hint sent: it is on their bench.';
    });
  };

  return (
    <li className="rounded-lg border border-[var(--border)] p-3" aria-label={`Learner ${row.name}`} data-learner={row.id}>
      <div className="grid gap-x-4 gap-y-1 text-sm md:grid-cols-[minmax(8rem,1fr)_minmax(10rem,1.3fr)_minmax(12rem,2fr)_auto]">
        <div className="min-w-0">
          <p className="break-words font-semibold" data-testid="learner-name">{row.name}</p>
          <p className="text-xs text-[var(--fg-soft)]" title={row.lastSeenAt}>last action {ago(row.lastSeenAt, now)}</p>
        </div>
        <div className="min-w-0">
          <p className="text-xs uppercase tracking-wide text-[var(--fg-soft)]">Lesson</p>
          <p className="break-words">{row.lesson ? (lessonTitles[row.lesson] ?? row.lesson) : '—'}</p>
        </div>
        <div className="min-w-0" data-testid="learner-step">
          <p className="text-xs uppercase tracking-wide text-[var(--fg-soft)]">Step · {row.stepsPassed} passed</p>
          {step ? (
            <>
              <p className="break-words"><span className="mr-1 inline-block h-2 w-2 rounded-full bg-[var(--danger)]" aria-hidden />{exerciseShortName(row.exercise!)}: {stepTitle.get(step) ?? row.step}</p>
              {row.message && <p className="mt-0.5 break-words text-xs text-[var(--fg-soft)]" data-testid="check-message">{row.message}</p>}
            </>
          ) : allPassed ? (
            <p className="text-[var(--ok)]" data-testid="all-passed"><span className="mr-1 inline-block h-2 w-2 rounded-full bg-[var(--ok)]" aria-hidden />{exerciseShortName(row.exercise!)}: every step passed</p>
          ) : (
            <p className="text-[var(--fg-soft)]">no check yet</p>
          )}
        </div>
        <div className="min-w-0 md:text-right">
          <p className="text-xs uppercase tracking-wide text-[var(--fg-soft)]">Cluster</p>
          {row.pods === null ? <p className="text-[var(--fg-soft)]">none awake</p> : row.problems.length === 0 ? <p>{row.pods} pods, fine</p> : (
            <ul className="text-[var(--danger)]" data-testid="pod-problems">{row.problems.slice(0, 4).map((p) => <li key={p} className="break-all font-mono text-xs">{p}</li>)}{row.problems.length > 4 && <li className="text-xs">+{row.problems.length - 4} more</li>}</ul>
          )}
        </div>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
        <Link href={`/instructor/classes/${classId}/learners/${row.id}`} className="rounded-md border border-[var(--border)] px-2 py-1 font-medium">Inspect cluster</Link>
        <button type="button" onClick={() => setPanel(panel === 'hint' ? 'none' : 'hint')} className="rounded-md border border-[var(--border)] px-2 py-1 font-medium">Send a hint</button>
        <button type="button" onClick={() => setPanel(panel === 'reset' ? 'none' : 'reset')} className="rounded-md border border-[var(--border)] px-2 py-1 font-medium">Reset cluster</button>
        <button type="button" onClick={() => void act(async () => { setCode((await post<{ code: string }>('/api/instructor/learners/recovery', { class: classId, learner: row.id })).code); return 'New recovery code made: any older one stops working.'; })} className="rounded-md border border-[var(--border)] px-2 py-1 font-medium">Recovery code</button>
        {code && <span className="font-mono text-sm font-bold" data-testid="recovery-code">{code}</span>}
      </div>
      {panel === 'reset' && (
        <div role="group" aria-label={`Reset ${row.name}'s cluster`} className="mt-2 flex flex-wrap items-center gap-2 rounded-md border border-[var(--danger)] p-2 text-sm">
          <span>Replace {row.name}&apos;s cluster with a fresh one? What they made is gone; their bench tells them.</span>
          <button type="button" onClick={() => void act(async () => { await post('/api/instructor/learners/reset', { class: classId, learner: row.id }); return 'Cluster reset: their bench says so.'; })} className="rounded-md bg-[var(--danger)] px-2 py-1 font-semibold text-white">Yes, reset it</button>
          <button type="button" onClick={() => setPanel('none')} className="px-2 py-1">Cancel</button>
        </div>
      )}
      {panel === 'hint' && (
        <form onSubmit={sendHint} className="mt-2 flex flex-wrap items-end gap-2">
          <label className="flex min-w-0 flex-1 basis-64 flex-col text-sm font-medium">
            Hint for {row.name} (plain text, up to 280 characters)
            <textarea value={hint} onChange={(e) => setHint(e.target.value)} maxLength={280} rows={2} required className="mt-1 rounded-md border border-[var(--border)] bg-[var(--bg)] px-2 py-1 text-sm" />
          </label>
          <button type="submit" className="rounded-md bg-[var(--accent)] px-3 py-1.5 text-sm font-semibold text-[var(--accent-fg)]">Send</button>
        </form>
      )}
      {said && <p role={said.ok ? 'status' : 'alert'} className={`mt-1 text-xs ${said.ok ? 'text-[var(--fg-soft)]' : 'text-[var(--danger)]'}`}>{said.text}</p>}
    </li>
  );
}
