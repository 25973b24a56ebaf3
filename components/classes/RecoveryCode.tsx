'use client';
/**
 * "Another device": the learner's personal recovery code, shown once when asked for (a new
 * one replaces the old), and the form a new device uses to get back in with it.
 */
import { useState, type FormEvent } from 'react';
import { reportSessionLost } from '@/components/layout/session-lost';

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const out = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) {
    reportSessionLost(res.status, out.message);
    throw new Error(out.message ?? `the portal answered ${res.status}`);
  }
  return out;
}

export function RecoveryCode() {
  const [code, setCode] = useState<string | undefined>();
  const [typed, setTyped] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();

  const show = async () => {
    setMessage(undefined);
    try {
      setCode((await post<{ code: string }>('/api/progress/recovery', {})).code);
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  const recover = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(undefined);
    try {
      await post('/api/progress/recover', { code: typed });
      setMessage({ ok: true, text: 'Welcome back: this browser now has your progress, class and cluster. Reloading…' });
      setTimeout(() => window.location.reload(), 800);
    } catch (err) {
      setMessage({ ok: false, text: `Not recovered: ${(err as Error).message}` });
    }
  };

  return (
    <section aria-labelledby="recovery" className="mt-10 rounded-lg border border-[var(--border)] p-4">
      <h2 id="recovery" className="text-xl font-semibold">Another device</h2>
      <p className="mt-1 text-sm text-[var(--fg-soft)]">
        Your recovery code brings your progress, class and cluster to another browser. It is shown once; asking again makes a new one and the old one stops working. Using it signs
        out the browser you had.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="button" onClick={() => void show()} className="rounded-md border border-[var(--accent)] px-3 py-2 text-sm font-medium text-[var(--accent)]">{code ? 'Make a new code' : 'Show my recovery code'}</button>
        {code && <span className="font-mono text-xl font-bold tracking-widest" data-testid="my-recovery-code">{code}</span>}
      </div>
      {code && <p className="mt-1 text-xs text-[var(--fg-soft)]">Write it down now: the portal keeps only a fingerprint of it and cannot show it again.</p>}
      <form onSubmit={(e) => void recover(e)} className="mt-4 flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-sm font-medium">
          Recovery code from your other device
          <input value={typed} onChange={(e) => setTyped(e.target.value)} maxLength={20} autoComplete="off" spellCheck={false} placeholder="XXXX-XXXX-XXXX" className="mt-1 w-56 rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-2 font-mono text-sm uppercase" />
        </label>
        <button type="submit" className="rounded-md bg-[var(--accent)] px-4 py-2 text-sm font-semibold text-[var(--accent-fg)]">Get back in</button>
      </form>
      {message && <p role={message.ok ? 'status' : 'alert'} className={`mt-2 text-sm ${message.ok ? '' : 'text-[var(--danger)]'}`}>{message.text}</p>}
    </section>
  );
}
