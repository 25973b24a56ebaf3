'use client';

/**
 * "Why pending?", node by node: the scheduler's verdict for each node (which plugin refused it
 * and why), fetched when the learner asks, and again whenever the scheduler's message changes.
 */
import { useEffect, useState } from 'react';

interface Diagnosis {
  nodes: { node: string; plugin: string; reasons: string[] }[];
}

export function PendingNodes({ uid, message }: { uid: string; message: string }) {
  const [open, setOpen] = useState(false);
  const [diagnosis, setDiagnosis] = useState<Diagnosis | null | undefined>();

  useEffect(() => {
    if (!open) return;
    let live = true;
    fetch(`/api/lab/why-pending?uid=${encodeURIComponent(uid)}`)
      .then((r) => r.json() as Promise<{ diagnosis?: Diagnosis | null }>)
      .then((b) => live && setDiagnosis(b.diagnosis ?? null), () => live && setDiagnosis(null));
    return () => {
      live = false;
    };
  }, [open, uid, message]);

  return (
    <details className="mt-1 text-[11px]" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary className="cursor-pointer text-[var(--accent)]">Node by node</summary>
      {diagnosis === undefined && open && <p className="text-[var(--fg-soft)]">Asking the scheduler…</p>}
      {diagnosis === null && <p className="text-[var(--fg-soft)]">The scheduler has no verdict for this pod now.</p>}
      {diagnosis && (
        <ul className="mt-1 space-y-0.5">
          {diagnosis.nodes.map((n) => (
            <li key={n.node}>
              <span className="font-mono font-semibold">{n.node}</span>: {n.reasons.join('; ')} <span className="text-[var(--fg-soft)]">({n.plugin})</span>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
