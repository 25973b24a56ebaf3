'use client';

/** Events, newest first, warnings highlighted, filterable by text. */
import { useState } from 'react';
import { itemsOf, type ClusterState } from '@/lib/k8s/watch/reducer';
import { benchAge } from '@/lib/lab/bench-age';

interface EventLike {
  metadata?: { name?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; name?: string };
}

export function EventList({ state, now }: { state: ClusterState; now: number }) {
  const [filter, setFilter] = useState('');
  const [warningsOnly, setWarningsOnly] = useState(false);
  const events = (itemsOf(state, 'events') as EventLike[])
    .filter((e) => !warningsOnly || e.type === 'Warning')
    .filter((e) => !filter || `${e.reason} ${e.message} ${e.involvedObject?.kind}/${e.involvedObject?.name}`.toLowerCase().includes(filter.toLowerCase()))
    .sort((a, b) => String(b.lastTimestamp ?? b.eventTime).localeCompare(String(a.lastTimestamp ?? a.eventTime)));
  return (
    <div className="space-y-2">
      <div className="flex gap-2">
        <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter events" aria-label="Filter events" className="min-w-0 flex-1 rounded-md border border-[var(--border)] bg-[var(--bg)] px-2 py-1 text-xs" />
        <label className="flex items-center gap-1 text-xs">
          <input type="checkbox" checked={warningsOnly} onChange={(e) => setWarningsOnly(e.target.checked)} /> Warnings
        </label>
      </div>
      <ol aria-label="Events" className="max-h-80 space-y-1 overflow-auto text-xs">
        {events.length === 0 && <li className="text-[var(--fg-soft)]">No events yet.</li>}
        {events.slice(0, 200).map((e) => (
          <li key={e.metadata?.name} className={`rounded border-l-4 px-2 py-1 ${e.type === 'Warning' ? 'border-l-[var(--danger)] bg-[var(--danger-soft)]' : 'border-l-[var(--border)]'}`}>
            <p className="flex justify-between gap-2">
              <span className="font-semibold">{e.reason}</span>
              <span className="text-[var(--fg-soft)]">{e.lastTimestamp ? benchAge(e.lastTimestamp, now) : ''}{(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}</span>
            </p>
            <p className="font-mono text-[11px] text-[var(--fg-soft)]">{e.involvedObject?.kind?.toLowerCase()}/{e.involvedObject?.name}</p>
            <p className="break-words">{e.message}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
