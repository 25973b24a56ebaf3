import { Figure } from './Figure';
import { Label } from './shapes';

/** A schedule axis, a Job per tick, one run held back by Forbid and started late, and the history limit. */
export function CronJobTimelineDiagram() {
  const ticks = ['02:00', '02:01', '02:02', '02:03', '02:04', '02:05'];
  const x0 = 70;
  const step = 105;
  // Each run: scheduled tick, start (in ticks), length, outcome. The 02:02 run is still active at
  // 02:03, so Forbid holds the 02:03 run back; the controller starts it as soon as 02:02 ends.
  const runs = [
    { tick: 0, at: 0, len: 0.6, phase: 'done' as const },
    { tick: 1, at: 1, len: 0.5, phase: 'done' as const },
    { tick: 2, at: 2, len: 1.4, phase: 'done' as const },
    { tick: 3, at: 3.4, len: 0.5, phase: 'done' as const },
    { tick: 4, at: 4, len: 0.5, phase: 'failed' as const },
    { tick: 5, at: 5, len: 0.5, phase: 'running' as const },
  ];
  return (
    <Figure
      id="cronjob"
      viewBox="0 0 720 262"
      minWidth={560}
      title="A CronJob timeline"
      description="A CronJob scheduled every minute creates a Job at each tick. The 02:02 Job runs long, so with concurrencyPolicy Forbid the 02:03 run cannot start on time; the controller starts it as soon as the 02:02 Job finishes. With startingDeadlineSeconds shorter than that delay it would be skipped instead. History limits keep the newest three successful Jobs and the newest failed one; older ones are deleted."
      caption={'schedule "*/1 * * * *", concurrencyPolicy: Forbid. The 02:03 run waits for 02:02 to finish and starts late (a startingDeadlineSeconds shorter than the wait would skip it); history limits delete old finished Jobs.'}
    >
      <line x1={x0 - 20} y1={60} x2={x0 + step * 5 + 40} y2={60} stroke="var(--dg-line)" strokeWidth={2} />
      {ticks.map((t, i) => (
        <g key={t}>
          <line x1={x0 + i * step} y1={52} x2={x0 + i * step} y2={68} stroke="var(--dg-line)" strokeWidth={2} />
          <Label x={x0 + i * step} y={40} anchor="middle" mono size={12}>{t}</Label>
        </g>
      ))}
      {runs.map((r, i) => (
        <g key={i}>
          <rect x={x0 + r.at * step} y={84 + (i % 2) * 34} width={Math.max(r.len * step, 92)} height={26} rx={13} fill={`var(--dg-${r.phase}-bg)`} stroke={`var(--dg-${r.phase})`} strokeWidth={1.6} strokeDasharray={r.at !== r.tick ? '5 4' : undefined} opacity={i === 0 ? 0.45 : 1} />
          <Label x={x0 + r.at * step + 8} y={101 + (i % 2) * 34} size={11} mono>{`job ${ticks[r.tick]}`}</Label>
        </g>
      ))}
      <line x1={x0 + 3 * step} y1={70} x2={x0 + 3.4 * step} y2={114} stroke="var(--dg-pending)" strokeWidth={1.6} strokeDasharray="4 3" markerEnd="url(#cronjob-arrow)" />
      <Label x={x0 + 3 * step - 20} y={170} size={11}>02:03 held back by Forbid,</Label>
      <Label x={x0 + 3 * step - 20} y={186} size={11}>started late when 02:02 ended</Label>
      <Label x={x0 + 3 * step - 20} y={202} size={11} muted>(skipped if startingDeadlineSeconds is shorter)</Label>
      <Label x={10} y={228} size={12}>successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1.</Label>
      <Label x={10} y={246} size={12} muted>The faded 02:00 Job is deleted once a fourth success exists.</Label>
    </Figure>
  );
}
