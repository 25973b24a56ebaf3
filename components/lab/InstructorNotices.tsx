'use client';
/**
 * What the instructor told this bench, pushed by /api/lab/notices (server-sent events): hints
 * and "your cluster was reset". A reset also restarts the bench's cluster stream on the fresh
 * cluster. Each notice stays until the learner dismisses it.
 */
import { useEffect, useRef, useState } from 'react';
import type { Notice } from '@/lib/classes/notices';
import { clusterStore } from './cluster-store';
import { NoticeText } from './NoticeText';

export function InstructorNotices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  const seenResets = useRef<Set<number> | undefined>(undefined);

  useEffect(() => {
    const es = new EventSource('/api/lab/notices');
    es.onmessage = (e: MessageEvent<string>) => {
      const list = (JSON.parse(e.data) as { notices: Notice[] }).notices;
      const resets = list.filter((n) => n.kind === 'reset').map((n) => n.id);
      // Resets already pending when the bench opened are shown, not replayed; a new one restarts the stream.
      if (seenResets.current && resets.some((id) => !seenResets.current!.has(id))) clusterStore.restart();
      seenResets.current = new Set(resets);
      setNotices(list);
    };
    return () => es.close();
  }, []);

  const dismiss = (id: number) => {
    setNotices((list) => list.filter((n) => n.id !== id));
    void fetch('/api/lab/notices', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id }) });
  };

  if (notices.length === 0) return null;
  return (
    <ul aria-label="From your instructor" className="space-y-2">
      {notices.map((n) => (
        <li key={n.id} role="status" className={`flex items-start justify-between gap-2 rounded border p-2 text-sm ${n.kind === 'reset' ? 'border-[var(--warn)]' : 'border-[var(--accent)]'}`}>
          <NoticeText notice={n} />
          <button type="button" onClick={() => dismiss(n.id)} className="shrink-0 text-xs underline">Dismiss</button>
        </li>
      ))}
    </ul>
  );
}
