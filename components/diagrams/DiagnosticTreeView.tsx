'use client';
import Link from 'next/link';
import { useRef, useState, type KeyboardEvent } from 'react';
import { treeKey, type TreeNode } from './tree-navigation';

/** The troubleshooting tree: expandable, keyboard navigable (WAI-ARIA tree), commands copyable. */
export function DiagnosticTreeView({ root }: { root: TreeNode }) {
  const nodes = root.children ?? [];
  const [state, setState] = useState<{ focused: string; expanded: ReadonlySet<string> }>({ focused: '0', expanded: new Set() });
  const refs = useRef(new Map<string, HTMLLIElement>());

  const onKey = (e: KeyboardEvent) => {
    if (!['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'Enter', ' '].includes(e.key)) return;
    e.preventDefault();
    e.stopPropagation();
    const next = treeKey(nodes, state, e.key);
    setState(next);
    refs.current.get(next.focused)?.focus();
  };

  const render = (list: TreeNode[], prefix: string, level: number) =>
    list.map((node, i) => {
      const id = prefix ? `${prefix}.${i}` : String(i);
      const branch = Boolean(node.children?.length);
      const open = state.expanded.has(id);
      return (
        <li
          key={id}
          role="treeitem"
          aria-level={level}
          aria-expanded={branch ? open : undefined}
          aria-selected={state.focused === id}
          tabIndex={state.focused === id ? 0 : -1}
          ref={(el) => {
            if (el) refs.current.set(id, el);
            else refs.current.delete(id);
          }}
          onKeyDown={onKey}
          onClick={(e) => {
            e.stopPropagation();
            setState((s) => treeKey(nodes, { ...s, focused: id }, branch ? 'Enter' : 'noop'));
          }}
          className="cursor-pointer rounded outline-none focus-visible:ring-2 focus-visible:ring-[var(--accent)]"
        >
          <div className="flex items-start gap-2 py-1">
            <span aria-hidden="true" className="mt-0.5 inline-block w-4 text-[var(--fg-soft)]">{branch ? (open ? '▾' : '▸') : '•'}</span>
            <span>
              <span className={branch ? 'font-medium' : ''}>{node.label}</span>
              {node.lesson && (
                <Link href={`/learn/module-05/${node.lesson}`} onClick={(e) => e.stopPropagation()} tabIndex={-1} className="ml-2 text-xs text-[var(--accent)] hover:underline">
                  lesson
                </Link>
              )}
              {node.command && <code className="mt-1 block w-fit max-w-full overflow-x-auto rounded bg-[var(--bg-code)] px-2 py-0.5 text-xs">{node.command}</code>}
            </span>
          </div>
          {branch && open && (
            <ul role="group" className="ml-5 border-l border-[var(--border)] pl-2">
              {render(node.children ?? [], id, level + 1)}
            </ul>
          )}
        </li>
      );
    });

  return (
    <figure className="not-prose my-6 rounded-lg border border-[var(--border)] p-4">
      <p className="mb-2 font-semibold">{root.label}</p>
      <p className="mb-3 text-xs text-[var(--fg-soft)]">Click a branch or use the arrow keys to open it; each leaf is a check with the command to run.</p>
      <ul role="tree" aria-label="Workload diagnostic tree" className="text-sm">
        {render(nodes, '', 1)}
      </ul>
    </figure>
  );
}
