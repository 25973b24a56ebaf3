import type { ReactNode } from 'react';

/** A group of questions. The interactive quiz engine arrives later; for now they read well. */
export function KnowledgeCheck({ title = 'Check yourself', children }: { title?: string; children?: ReactNode }) {
  return (
    <section aria-label={title} className="my-6 rounded-lg border border-[var(--border)] p-4">
      <p className="mb-3 font-semibold">{title}</p>
      <ol className="list-decimal space-y-4 pl-5">{children}</ol>
    </section>
  );
}

export function Question({ prompt, children }: { prompt: string; children?: ReactNode }) {
  return (
    <li>
      <p className="font-medium">{prompt}</p>
      <div className="mt-2">{children}</div>
    </li>
  );
}

export function ModelAnswer({ children }: { children?: ReactNode }) {
  return (
    <details className="rounded-md bg-[var(--bg-soft)] px-3 py-2">
      <summary className="text-sm text-[var(--accent)]">Show a model answer</summary>
      <div className="mt-2 text-[0.97rem] [&>*+*]:mt-2">{children}</div>
    </details>
  );
}
