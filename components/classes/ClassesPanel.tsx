'use client';
/**
 * The instructor's classes: create one (name, optional dates) and get its join link and code
 * for a slide; each class opens its live board. Below, links for other instructors: mint one
 * (shown once) or revoke it (its sessions end).
 */
import Link from 'next/link';
import { useEffect, useState, type FormEvent } from 'react';
import type { ClassRecord } from '@/lib/classes/classes';
import type { InstructorLink } from '@/lib/classes/instructor-links';

async function send<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const out = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new Error(out.message ?? `the portal answered ${res.status}`);
  return out;
}

const field = 'mt-1 rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-2 text-sm';
const primary = 'rounded-md bg-[var(--accent)] px-4 py-2 text-sm font-semibold text-[var(--accent-fg)] disabled:opacity-60';

export function ClassesPanel({ initial }: { initial: ClassRecord[] }) {
  const [classes, setClasses] = useState(initial);
  const [name, setName] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [origin, setOrigin] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setOrigin(window.location.origin), 0);
    return () => clearTimeout(t);
  }, []);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const { class: made } = await send<{ class: ClassRecord }>('/api/instructor/classes', { name, startsOn, endsOn });
      setClasses((list) => [made, ...list]);
      setName('');
      setStartsOn('');
      setEndsOn('');
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="mt-3 space-y-4">
      <form onSubmit={(e) => void create(e)} aria-label="New class" className="flex flex-wrap items-end gap-3 rounded-lg border border-[var(--border)] bg-[var(--bg-soft)] p-3">
        <label className="flex min-w-0 flex-1 basis-56 flex-col text-sm font-medium">
          Class name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required placeholder="e.g. Kubernetes, Tuesday group" className={field} />
        </label>
        <label className="flex flex-col text-sm font-medium">
          Starts (optional)
          <input type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} className={field} />
        </label>
        <label className="flex flex-col text-sm font-medium">
          Ends (optional)
          <input type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} className={field} />
        </label>
        <button type="submit" className={primary}>Create class</button>
        {error && <p role="alert" className="basis-full text-sm text-[var(--danger)]">Not created: {error}</p>}
      </form>
      {classes.length === 0 ? (
        <p className="rounded-md border border-dashed border-[var(--border)] p-4 text-sm text-[var(--fg-soft)]">No class yet. Create one to get a join link and a short code for your slide.</p>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2" aria-label="Classes">
          {classes.map((c) => (
            <li key={c.id} className="min-w-0 rounded-lg border border-[var(--border)] p-3" aria-label={`Class ${c.name}`}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="min-w-0 break-words font-semibold">{c.name}</h3>
                <span className="text-xs text-[var(--fg-soft)]">{c.members} learner{c.members === 1 ? '' : 's'}{c.startsOn ? ` · ${c.startsOn}` : ''}{c.endsOn ? ` → ${c.endsOn}` : ''}</span>
              </div>
              <p className="mt-2 text-sm">
                Code <span className="font-mono text-2xl font-bold tracking-[0.2em]" data-testid="join-code">{c.code}</span>
              </p>
              <p className="mt-1 break-all text-sm">
                Join link: <a className="text-[var(--accent)] underline-offset-2 hover:underline" href={`/join/${c.code}`} data-testid="join-link">{origin}/join/{c.code}</a>
              </p>
              <Link href={`/instructor/classes/${c.id}`} className="mt-3 inline-block rounded-md border border-[var(--accent)] px-3 py-1 text-sm font-medium text-[var(--accent)]">Open the live board</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function InstructorLinksPanel({ initial }: { initial: InstructorLink[] }) {
  const [links, setLinks] = useState(initial);
  const [label, setLabel] = useState('');
  const [minted, setMinted] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  const mint = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const out = await send<{ link: InstructorLink; url: string }>('/api/instructor/links', { label });
      setLinks((list) => [out.link, ...list]);
      setMinted(out.url);
      setLabel('');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const revoke = async (id: string) => {
    if (!window.confirm('Revoke this link? Whoever opened the instructor view with it is signed out.')) return;
    try {
      await send('/api/instructor/links/revoke', { id });
      setLinks((list) => list.map((l) => (l.id === id ? { ...l, revokedAt: new Date().toISOString() } : l)));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="mt-3 space-y-3">
      <form onSubmit={(e) => void mint(e)} className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 flex-1 basis-56 flex-col text-sm font-medium">
          Who is it for?
          <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={60} required placeholder="e.g. Grace, co-teacher" className={field} />
        </label>
        <button type="submit" className={primary}>Make an instructor link</button>
      </form>
      {error && <p role="alert" className="text-sm text-[var(--danger)]">{error}</p>}
      {minted && (
        <p role="status" className="break-all rounded-md border border-[var(--warn)] p-3 text-sm">
          Shown once, give it only to them: <code data-testid="minted-link">{minted}</code>
        </p>
      )}
      {links.length > 0 && (
        <ul className="divide-y divide-[var(--border)] rounded-md border border-[var(--border)] text-sm">
          {links.map((l) => (
            <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 p-2">
              <span className="min-w-0 break-words">{l.label}</span>
              {l.revokedAt ? <span className="text-xs text-[var(--fg-soft)]">revoked</span> : <button type="button" onClick={() => void revoke(l.id)} className="text-xs text-[var(--danger)] underline">Revoke</button>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
