import type { CSSProperties } from 'react';
import { Figure } from './Figure';
import { Label } from './shapes';

const STEPS: { head: string; sub: string; versions: ('v1' | 'v2')[] }[] = [
  { head: 'before', sub: 'all on v1', versions: ['v1', 'v1', 'v1', 'v1'] },
  { head: 'partition: 2', sub: 'web-3 first', versions: ['v1', 'v1', 'v1', 'v2'] },
  { head: 'partition: 2', sub: 'then web-2; stops', versions: ['v1', 'v1', 'v2', 'v2'] },
  { head: 'partition: 0', sub: 'web-1, then web-0', versions: ['v2', 'v2', 'v2', 'v2'] },
];

const COL_X = 40;
const COL_W = 170;

/** A StatefulSet canary with rollingUpdate.partition: only ordinals >= partition take the new template. */
export function StatefulSetPartitionDiagram() {
  return (
    <Figure
      id="sts-partition"
      viewBox="0 0 720 250"
      minWidth={600}
      title="StatefulSet rolling update with a partition"
      description="A StatefulSet with four pods, web-0 to web-3, updated from v1 to v2. With rollingUpdate.partition set to 2, the controller updates only ordinals 2 and up, highest first: web-3, then web-2, and stops. web-0 and web-1 keep v1 even if deleted. Lowering the partition to 0 lets the update continue to web-1 and then web-0."
      caption="partition: N updates only pods with ordinal ≥ N, highest first, one at a time. Lower it step by step to finish the rollout; ordinals below it stay on the old version, even when recreated."
    >
      <rect className="dg-stepper" style={{ '--dg-step': `${COL_W}px` } as CSSProperties} x={COL_X - 10} y={8} width={COL_W - 14} height={232} rx={8} fill="var(--dg-done-bg)" opacity={0.5} />
      {STEPS.map((step, c) => {
        const x = COL_X + c * COL_W;
        return (
          <g key={c}>
            <Label x={x} y={30} bold mono size={12}>{step.head}</Label>
            <Label x={x} y={48} muted size={11}>{step.sub}</Label>
            {step.versions.map((v, i) => {
              const y = 66 + (3 - i) * 40;
              const phase = v === 'v2' ? 'done' : 'running';
              return (
                <g key={i}>
                  <rect x={x} y={y} width={136} height={30} rx={15} fill={`var(--dg-${phase}-bg)`} stroke={`var(--dg-${phase})`} strokeWidth={1.5} />
                  <text x={x + 14} y={y + 19} fontSize={11.5} className="mono">{`web-${i}  ${v}`}</text>
                </g>
              );
            })}
          </g>
        );
      })}
      <line x1={COL_X + COL_W - 8} y1={141} x2={COL_X + COL_W * 3 - 12} y2={141} stroke="var(--dg-failed)" strokeDasharray="5 4" strokeWidth={1.5} />
      <Label x={COL_X + COL_W * 2 - 8} y={236} anchor="middle" size={11} muted>dashed line: the partition; ordinals below it are held back</Label>
    </Figure>
  );
}
