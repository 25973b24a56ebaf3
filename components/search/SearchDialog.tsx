'use client';
/**
 * Header search: instant, client side. The index (one document per lesson section) is fetched
 * from our own server the first time the dialog opens. "/" or Ctrl/Cmd+K opens it; arrows
 * move, Enter goes, Escape closes. MiniSearch itself is loaded only then, so reading a
 * lesson does not pay for it.
 */
import type MiniSearch from 'minisearch';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SearchDoc as Doc } from '@/lib/content/search-index';
import { isEditableTarget } from '@/lib/terminal/editable-target';

function snippet(text: string, terms: string[]): string {
  const lower = text.toLowerCase();
  const at = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, at - 40);
  return (start > 0 ? '…' : '') + text.slice(start, start + 140) + (text.length > start + 140 ? '…' : '');
}

export function SearchDialog() {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [docs, setDocs] = useState<Doc[] | null>(null);
  const [index, setIndex] = useState<MiniSearch<Doc> | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const router = useRouter();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Monaco, the terminal and every other editable target keep their keys (`/` is search in
      // Monaco, Ctrl+K cuts to the end of the line in the terminal).
      if (isEditableTarget(e.target)) return;
      if ((e.key === 'k' && (e.metaKey || e.ctrlKey)) || e.key === '/') {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    if (!docs) {
      Promise.all([fetch('/search-index.json').then((r) => r.json() as Promise<Doc[]>), import('minisearch')])
        .then(([loaded, { default: MiniSearchClass }]) => {
          const ms = new MiniSearchClass<Doc>({ fields: ['lesson', 'heading', 'text'], storeFields: ['slug', 'lesson', 'heading', 'anchor', 'text'], searchOptions: { boost: { lesson: 3, heading: 2 }, prefix: true, fuzzy: 0.2 } });
          ms.addAll(loaded);
          setIndex(ms);
          setDocs(loaded);
        })
        .catch(() => setDocs([]));
    }
  }, [open, docs]);

  const results = useMemo(() => (index && query.trim() ? index.search(query).slice(0, 12) : []), [index, query]);

  const close = useCallback(() => {
    setOpen(false);
    setQuery('');
    setActive(0);
  }, []);

  const go = (i: number) => {
    const r = results[i];
    if (!r) return;
    close();
    router.push(`/learn/module-05/${r.slug as string}${r.anchor ? `#${r.anchor as string}` : ''}`);
  };

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="flex items-center gap-2 rounded-md border border-[var(--border)] px-3 py-1.5 text-sm text-[var(--fg-soft)] hover:text-[var(--fg)]"
        aria-label="Search lessons"
      >
        <svg width="15" height="15" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true"><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></svg>
        <span className="hidden sm:inline">Search</span>
        <kbd className="hidden rounded border border-[var(--border)] px-1 text-xs sm:inline">/</kbd>
      </button>
      {open && (
        <div className="fixed inset-0 z-50 flex items-start justify-center bg-black/40 p-4 pt-[10vh]" onClick={close}>
          <div role="dialog" aria-modal="true" aria-label="Search lessons" className="w-full max-w-xl overflow-hidden rounded-xl border border-[var(--border)] bg-[var(--bg)] shadow-2xl" onClick={(e) => e.stopPropagation()}>
            <input
              ref={input}
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') close();
                else if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  setActive((a) => Math.min(a + 1, results.length - 1));
                } else if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  setActive((a) => Math.max(a - 1, 0));
                } else if (e.key === 'Enter') go(active);
              }}
              placeholder="Search the module: DaemonSet, backoffLimit, headless…"
              aria-label="Search query"
              role="combobox"
              aria-expanded={results.length > 0}
              aria-controls="search-results"
              aria-activedescendant={results[active] ? `search-result-${active}` : undefined}
              className="w-full border-b border-[var(--border)] bg-transparent px-4 py-3 text-base outline-none"
            />
            <ul id="search-results" role="listbox" aria-label="Results" className="max-h-[60vh] overflow-y-auto">
              {results.map((r, i) => (
                <li
                  key={r.id}
                  id={`search-result-${i}`}
                  role="option"
                  aria-selected={i === active}
                  onMouseEnter={() => setActive(i)}
                  onClick={() => go(i)}
                  className={`cursor-pointer px-4 py-2.5 ${i === active ? 'bg-[var(--accent-soft)]' : ''}`}
                >
                  <div className="text-sm font-semibold">
                    {r.lesson as string}
                    {r.anchor ? <span className="font-normal text-[var(--fg-soft)]"> › {r.heading as string}</span> : null}
                  </div>
                  <div className="text-xs text-[var(--fg-soft)]">{snippet(r.text as string, r.terms)}</div>
                </li>
              ))}
              {query.trim() && docs && results.length === 0 && <li className="px-4 py-3 text-sm text-[var(--fg-soft)]">No lesson mentions “{query}”.</li>}
            </ul>
          </div>
        </div>
      )}
    </>
  );
}
