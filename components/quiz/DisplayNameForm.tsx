'use client';
/**
 * "Your name for the instructor": the only thing the class overview shows of a learner
 * besides their progress. Optional; without it the instructor sees the start of their id.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { reportSessionLost } from '@/components/layout/session-lost';

export function DisplayNameForm() {
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | null | undefined>();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();

  useEffect(() => {
    const ac = new AbortController();
    fetch('/api/progress/name', { cache: 'no-store', signal: ac.signal })
      .then((r) => r.json() as Promise<{ name?: string | null }>)
      .then((b) => {
        setSaved(b.name ?? null);
        setName(b.name ?? '');
      })
      .catch(() => undefined);
    return () => ac.abort();
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(undefined);
    try {
      const res = await fetch('/api/progress/name', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      const body = (await res.json().catch(() => ({}))) as { name?: string | null; message?: string };
      reportSessionLost(res.status, body.message);
      if (!res.ok) throw new Error(body.message ?? `the portal answered ${res.status}`);
      setSaved(body.name ?? null);
      setName(body.name ?? '');
      setMessage({ ok: true, text: body.name ? `Saved: your instructor sees you as ${body.name}.` : 'Cleared: your instructor sees the start of your learner id.' });
    } catch (err) {
      setMessage({ ok: false, text: `Not saved: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  return (
    <section aria-labelledby="display-name" className="mt-10 rounded-lg border border-[var(--border)] p-4">
      <h2 id="display-name" className="text-xl font-semibold">Your name for the instructor</h2>
      <p className="mt-1 text-sm text-[var(--fg-soft)]">If a class is following this portal, the instructor sees your progress under this name. It is optional and shown to nobody else.</p>
      <form onSubmit={(e) => void save(e)} className="mt-3 flex flex-wrap items-center gap-3">
        <label htmlFor="display-name-input" className="sr-only">
          Name
        </label>
        <input
          id="display-name-input"
          value={name}
          // Until the saved name has loaded, typing would be overwritten by it.
          disabled={saved === undefined}
          maxLength={60}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Ada L."
          className="min-w-0 flex-1 rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-2 text-sm sm:max-w-xs"
        />
        <button type="submit" disabled={saved === undefined} className="rounded-md bg-[var(--accent)] px-4 py-2 text-sm font-semibold text-[var(--accent-fg)] disabled:opacity-60">
          Save name
        </button>
      </form>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={`mt-3 rounded-md px-3 py-2 text-sm ${message.ok ? 'bg-[var(--ok-soft)]' : 'bg-[var(--danger-soft)]'}`}>
          {message.text}
        </p>
      )}
    </section>
  );
}
