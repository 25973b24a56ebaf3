'use client';
/** Joining a class from its link: the learner picks the name their instructor will see. */
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { reportSessionLost } from '@/components/layout/session-lost';

export function JoinForm({ code }: { code: string }) {
  const [name, setName] = useState('');
  const [typed, setTyped] = useState(code);
  const [state, setState] = useState<{ ok: true; className: string; name: string } | { ok: false; text: string } | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setState(undefined);
    try {
      const res = await fetch('/api/classes/join', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: typed, name }) });
      const body = (await res.json().catch(() => ({}))) as { class?: { name: string }; name?: string; message?: string };
      reportSessionLost(res.status, body.message);
      if (!res.ok) throw new Error(body.message ?? `the portal answered ${res.status}`);
      setState({ ok: true, className: body.class!.name, name: body.name! });
    } catch (err) {
      setState({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  if (state?.ok) {
    return (
      <div role="status" className="mt-6 rounded-lg border border-[var(--ok)] p-4">
        <p className="font-semibold">You are in {state.className} as {state.name}.</p>
        <p className="mt-2 text-sm text-[var(--fg-soft)]">Your instructor sees your progress under this name. Start with the lessons:</p>
        <Link href="/learn/module-05" className="mt-3 inline-block rounded-md bg-[var(--accent)] px-4 py-2 text-sm font-semibold text-[var(--accent-fg)]">Open Module 5</Link>
      </div>
    );
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="mt-6 space-y-4">
      <div>
        <label htmlFor="join-code" className="block text-sm font-medium">Class code</label>
        <input id="join-code" value={typed} onChange={(e) => setTyped(e.target.value)} maxLength={12} autoComplete="off" spellCheck={false} className="mt-1 w-40 rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-2 font-mono text-lg tracking-widest uppercase" />
      </div>
      <div>
        <label htmlFor="join-name" className="block text-sm font-medium">Your name</label>
        <p className="text-xs text-[var(--fg-soft)]">Shown to your instructor only.</p>
        <input id="join-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required placeholder="e.g. Ada L." className="mt-1 w-full max-w-xs rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-2 text-sm" />
      </div>
      <button type="submit" disabled={busy} className="rounded-md bg-[var(--accent)] px-4 py-2 text-sm font-semibold text-[var(--accent-fg)] disabled:opacity-60">Join the class</button>
      {state && !state.ok && <p role="alert" className="text-sm text-[var(--danger)]">Not joined: {state.text}</p>}
    </form>
  );
}
