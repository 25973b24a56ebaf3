import { Children, isValidElement, type ReactNode } from 'react';
import { highlight } from '@/lib/content/highlight';
import { CopyButton } from './CopyButton';

function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

/** Renders code highlighted at build time, with a language label and a copy button. */
export function HighlightedCode({ code, language, title, maxHeight }: { code: string; language?: string; title?: string; maxHeight?: string }) {
  const lines = highlight(code, language);
  return (
    <div className="not-prose group relative my-5 overflow-hidden rounded-lg border border-[var(--border)] bg-[var(--bg-code)]">
      <div className="flex items-center justify-between border-b border-[var(--border)] px-3 py-1.5 text-xs text-[var(--fg-soft)]">
        <span>{title ?? language ?? 'text'}</span>
        <CopyButton text={code.replace(/\n$/, '')} />
      </div>
      <pre tabIndex={0} style={maxHeight ? { maxHeight } : undefined} className="overflow-auto px-4 py-3 text-[0.85rem] leading-relaxed focus-visible:outline-2 focus-visible:outline-[var(--accent)]">
        <code>
          {lines.map((tokens, i) => (
            <span key={i} className="block min-h-[1lh]">
              {tokens.map((t, j) => (t.kind === 'plain' ? t.text : <span key={j} className={`tok-${t.kind}`}>{t.text}</span>))}
            </span>
          ))}
        </code>
      </pre>
    </div>
  );
}

/** The MDX `pre` element: `<pre><code className="language-yaml">…</code></pre>`. */
export function Pre({ children }: { children?: ReactNode }) {
  const child = Children.only(children);
  if (isValidElement<{ className?: string; children?: ReactNode }>(child)) {
    const language = /language-(\S+)/.exec(child.props.className ?? '')?.[1];
    return <HighlightedCode code={textOf(child.props.children)} language={language} />;
  }
  return <pre>{children}</pre>;
}
