'use client';

/**
 * The bench loads after the lesson: its code (editor tabs, views, schedules, diff) is a
 * separate chunk, so reading a lesson costs no more than the lesson itself.
 */
import dynamic from 'next/dynamic';
import type { BenchManifest } from './ManifestEditor';

const Bench = dynamic(() => import('./LabBench').then((m) => m.LabBench), {
  ssr: false,
  loading: () => (
    <aside aria-label="Lab bench" className="rounded-xl border border-[var(--border)] bg-[var(--bg-soft)] p-3">
      <h2 className="text-sm font-semibold">Lab bench</h2>
      <p className="mt-2 text-sm text-[var(--fg-soft)]">Loading the lab bench…</p>
    </aside>
  ),
});

export function LazyLabBench(props: { lesson: string; manifests: BenchManifest[] }) {
  return <Bench {...props} />;
}
