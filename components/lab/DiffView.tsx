'use client';

/**
 * "Diff": what an apply would change, from a server-side dry run, as a line diff of the
 * live object against the object after the apply (managedFields and bookkeeping removed).
 */
import { stringify } from 'yaml';
import type { DocumentResult } from '@/lib/k8s/client/apply';
import { lineDiff } from '@/lib/lab/line-diff';

function clean(o: unknown): unknown {
  if (!o || typeof o !== 'object') return o;
  const { metadata, ...rest } = o as { metadata?: Record<string, unknown> };
  if (!metadata) return rest;
  const { managedFields: _m, resourceVersion: _r, generation: _g, uid: _u, creationTimestamp: _c, ...meta } = metadata;
  return { ...rest, metadata: meta };
}

export function DiffView({ results, onClose }: { results: DocumentResult[]; onClose(): void }) {
  return (
    <section aria-label="Diff" className="rounded-md border border-[var(--border)]">
      <div className="flex items-center justify-between border-b border-[var(--border)] px-2 py-1">
        <p className="text-xs font-semibold">What Apply would change</p>
        <button onClick={onClose} className="text-xs text-[var(--fg-soft)] hover:underline">Close</button>
      </div>
      <div className="max-h-80 overflow-auto p-2 font-mono text-xs">
        {results.map((r) => {
          if (r.action === 'error') return <p key={r.document} className="text-[var(--danger)]">{r.summary}</p>;
          const before = r.before ? stringify(clean(r.before)) : '';
          const after = r.after ? stringify(clean(r.after)) : '';
          const lines = lineDiff(before, after);
          const changed = lines.some((l) => l.op !== ' ');
          return (
            <div key={r.document} className="mb-3">
              <p className="font-semibold">{r.resource}: {r.action === 'created' ? 'would be created' : changed ? 'would change' : 'no change'}</p>
              {changed && (
                <pre className="mt-1 whitespace-pre-wrap">
                  {lines.filter((l) => l.op !== ' ' || l.near).map((l, i) => (
                    <span key={i} className={`block ${l.op === '+' ? 'bg-[var(--ok-soft)]' : l.op === '-' ? 'bg-[var(--danger-soft)]' : 'text-[var(--fg-soft)]'}`}>
                      {l.op} {l.text}
                    </span>
                  ))}
                </pre>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}
