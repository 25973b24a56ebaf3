'use client';

/** The cluster's clock: virtual time, speed (paused, 1×, 10×, 60×) and skip ahead. */
import { useEffect, useState } from 'react';
import { labApi } from './lab-api';
import { CLOCK_CHANGED_EVENT } from './clock-events';

const SPEEDS = [1, 10, 60];
const SKIPS = [{ label: '+1 min', s: 60 }, { label: '+10 min', s: 600 }, { label: '+1 h', s: 3600 }];

export function ClockBar({ onNow, nextCronRun }: { onNow(ms: number): void; /** Virtual ms of the soonest CronJob run, if any. */ nextCronRun?: number }) {
  const [clock, setClock] = useState<{ base: number; at: number; scale: number } | undefined>();
  const [wall, setWall] = useState(0);
  // A skip runs the skipped span step by step on the server (an hour takes a moment).
  const [skipping, setSkipping] = useState(false);
  const [cutShort, setCutShort] = useState(false);

  useEffect(() => {
    const read = () => labApi.clock().then((c) => setClock({ base: Date.parse(c.now), at: Date.now(), scale: c.scale }), () => undefined);
    void read();
    // A Try-it block can change speed or skip ahead; read the clock again when it does.
    window.addEventListener(CLOCK_CHANGED_EVENT, read);
    return () => window.removeEventListener(CLOCK_CHANGED_EVENT, read);
  }, []);
  useEffect(() => {
    const t = setInterval(() => setWall(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  // Virtual time = last server reading + wall time since, times the speed.
  const now = clock ? clock.base + Math.max(0, wall - clock.at) * clock.scale : wall;
  useEffect(() => {
    if (clock) onNow(now);
  }, [clock, now, onNow]);

  const update = (body: { scale?: number; advanceSeconds?: number }) =>
    labApi.setClock(body).then((c) => {
      setClock({ base: Date.parse(c.now), at: Date.now(), scale: c.scale });
      if (body.advanceSeconds !== undefined) setCutShort(Boolean(c.truncated));
    }, () => undefined);
  const skip = (seconds: number) => {
    if (skipping) return;
    setSkipping(true);
    void update({ advanceSeconds: seconds }).finally(() => setSkipping(false));
  };

  return (
    <div className="flex flex-wrap items-center gap-2 text-xs" aria-label="Cluster clock" aria-busy={skipping}>
      <span className="font-mono" title="The cluster's virtual time (UTC)">{clock ? new Date(now).toISOString().slice(11, 19) : '--:--:--'} UTC</span>
      <span className="flex overflow-hidden rounded-md border border-[var(--border)]" role="group" aria-label="Speed">
        {SPEEDS.map((s) => (
          <button key={s} onClick={() => void update({ scale: s })} aria-pressed={clock?.scale === s} className={`px-1.5 py-0.5 ${clock?.scale === s ? 'bg-[var(--accent)] text-[var(--accent-fg)]' : ''}`}>
            {s}×
          </button>
        ))}
      </span>
      {nextCronRun !== undefined && clock && nextCronRun > now && (
        <button onClick={() => skip(Math.min(24 * 3600, Math.ceil((nextCronRun - now) / 1000) + 1))} disabled={skipping} className="rounded-md border border-[var(--border)] px-1.5 py-0.5 disabled:opacity-50" title="Skip to the next CronJob run">
          <span className="inline-flex items-center gap-1">
            next run
            {/* An SVG, not the ⏭ character: machines without an emoji font show that as a box. */}
            <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" fill="currentColor">
              <path d="M0 1l5 4-5 4zM4.5 1l5 4-5 4z" />
            </svg>
          </span>
        </button>
      )}
      {SKIPS.map((k) => (
        <button key={k.s} onClick={() => skip(k.s)} disabled={skipping} className="rounded-md border border-[var(--border)] px-1.5 py-0.5 disabled:opacity-50" title={`Skip ${k.label.slice(1)} ahead`}>
          {k.label}
        </button>
      ))}
      {cutShort && (
        <span role="status" className="text-[var(--fg-soft)]" title="The skip ran out of its time budget on the server">
          the end of that skip was jumped at once
        </span>
      )}
    </div>
  );
}
