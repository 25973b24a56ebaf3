'use client';

/** The editor chunk loads only when the bench shows it: reading a lesson stays light. */
import dynamic from 'next/dynamic';
import type { YamlEditorProps } from './YamlEditor';

export const LazyYamlEditor = dynamic<YamlEditorProps>(() => import('./YamlEditor'), {
  ssr: false,
  loading: () => <div className="flex h-[360px] items-center justify-center rounded-md border border-[var(--border)] text-sm text-[var(--fg-soft)]">Loading the editor…</div>,
});
