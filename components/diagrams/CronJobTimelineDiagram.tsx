import { Figure } from './Figure';
import { Label } from './shapes';

/** A schedule axis, a Job per tick, one tick skipped by Forbid, and the history limit. */
export function CronJobTimelineDiagram() {
  const ticks = ['02:00', '02:01', '02:02', '02:03', '02:04', '02:05'];
  const x0 = 70;
  const step = 105;
  // Each run: start tick, length in ticks, outcome. The 02:02 run overlaps 02:03, so Forbid skips 02:03.
  const runs = [
    { at: 0, len: 0.6, phase: 'done' as const },
    { at: 1, len: 0.5, phase: 'done' as const },
    { at: 2, len: 1.4, phase: 'done' as const },
    { at: 4, len: 0.5, phase: 'failed' as const },
    { at: 5, len: 0.5, phase: 'running' as const },
  ];
  return (
    <Figure
      id="cronjob"
      viewBox="0 0 720 262"
      minWidth={560}
      title="A CronJob timeline"
      description="A CronJob scheduled every minute creates a Job at each tick. The 02:02 Job runs long, so with concurrencyPolicy Forbid the 02:03 run is skipped. History limits keep the newest three successful Jobs and the newest failed one; older ones are deleted."
      caption={'schedule "*/1 * * * *", concurrencyPolicy: Forbid. The 02:03 run is skipped because 02:02 is still running; history limits delete old finished Jobs.'}
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
          <rect x={x0 + r.at * step} y={84 + (i % 2) * 34} width={Math.max(r.len * step, 92)} height={26} rx={13} fill={`var(--dg-${r.phase}-bg)`} stroke={`var(--dg-${r.phase})`} strokeWidth={1.6} opacity={i === 0 ? 0.45 : 1} />
          <Label x={x0 + r.at * step + 8} y={101 + (i % 2) * 34} size={11} mono>{`job ${ticks[r.at]}`}</Label>
        </g>
      ))}
      <g>
        <rect x={x0 + 3 * step - 40} y={156} width={80} height={26} rx={13} fill="none" stroke="var(--dg-pending)" strokeDasharray="5 4" strokeWidth={1.6} />
        <Label x={x0 + 3 * step} y={173} anchor="middle" size={11}>skipped</Label>
        <Label x={x0 + 3 * step} y={198} anchor="middle" size={11} muted>Forbid: 02:02 still active</Label>
      </g>
      <Label x={10} y={228} size={12}>successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1.</Label>
      <Label x={10} y={246} size={12} muted>The faded 02:00 Job is deleted once a fourth success exists.</Label>
    </Figure>
  );
}
