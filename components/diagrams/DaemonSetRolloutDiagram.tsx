import type { CSSProperties } from 'react';
import { Figure } from './Figure';
import { Label } from './shapes';

type Cell = ('v1' | 'v2' | 'v2-starting' | 'v1+v2')[];

// One row per strategy, one column per moment, one entry per node.
const ROWS: { title: string; sub: string; cells: Cell[] }[] = [
  {
    title: 'maxUnavailable: 1',
    sub: 'old pod goes first',
    cells: [['v1', 'v1', 'v1'], ['v2-starting', 'v1', 'v1'], ['v2', 'v2-starting', 'v1'], ['v2', 'v2', 'v2-starting']],
  },
  {
    title: 'maxSurge: 1',
    sub: 'new pod first, no gap',
    cells: [['v1', 'v1', 'v1'], ['v1+v2', 'v1', 'v1'], ['v2', 'v1+v2', 'v1'], ['v2', 'v2', 'v1+v2']],
  },
];

const COL_X = 170;
const COL_W = 135;

function NodeLine({ x, y, node, state }: { x: number; y: number; node: number; state: Cell[number] }) {
  const pill = (px: number, label: string, phase: 'running' | 'pending' | 'done', w = 40) => (
    <g>
      <rect x={px} y={y - 11} width={w} height={16} rx={8} fill={`var(--dg-${phase}-bg)`} stroke={`var(--dg-${phase})`} strokeDasharray={phase === 'pending' ? '3 2' : undefined} />
      <text x={px + w / 2} y={y + 1} fontSize={10} textAnchor="middle" className="mono">{label}</text>
    </g>
  );
  return (
    <g>
      <Label x={x} y={y + 1} size={10} muted mono>{`node ${node}`}</Label>
      {state === 'v1' && pill(x + 48, 'v1', 'running')}
      {state === 'v2' && pill(x + 48, 'v2', 'done')}
      {state === 'v2-starting' && (
        <>
          {pill(x + 48, 'v2…', 'pending')}
          <Label x={x + 93} y={y + 1} size={9} muted>gap</Label>
        </>
      )}
      {state === 'v1+v2' && (
        <>
          {pill(x + 48, 'v1', 'running', 30)}
          {pill(x + 81, 'v2…', 'pending', 38)}
        </>
      )}
    </g>
  );
}

/** A DaemonSet rollout over three nodes: maxUnavailable replaces in place, maxSurge overlaps. */
export function DaemonSetRolloutDiagram() {
  return (
    <Figure
      id="ds-rollout"
      viewBox="0 0 720 290"
      minWidth={600}
      title="DaemonSet rolling update: maxUnavailable versus maxSurge"
      description="Two rollouts of a DaemonSet from v1 to v2 over three nodes, in four moments. With maxUnavailable 1 the controller deletes a node's old pod, and the node has no agent until the new pod is ready; then it moves to the next node. With maxSurge 1 (and maxUnavailable 0) the new pod starts beside the old one on the same node, and the old pod is deleted only when the new one is ready, so no node is ever without an agent."
      caption="maxUnavailable: 1 (the default) leaves each node briefly without its agent. maxSurge: 1 with maxUnavailable: 0 runs old and new side by side on a node until the new one is ready."
    >
      <rect className="dg-stepper" style={{ '--dg-step': `${COL_W}px` } as CSSProperties} x={COL_X - 8} y={30} width={COL_W - 6} height={252} rx={8} fill="var(--dg-done-bg)" opacity={0.5} />
      {['start', 'node 1', 'node 2', 'node 3'].map((t, i) => (
        <Label key={t} x={COL_X + i * COL_W + 55} y={22} anchor="middle" size={11} bold>{i === 0 ? 'before' : `updating ${t}`}</Label>
      ))}
      {ROWS.map((row, r) => {
        const y0 = 40 + r * 126;
        return (
          <g key={row.title}>
            <rect x={8} y={y0} width={704} height={114} rx={10} fill="none" stroke="var(--dg-node-stroke)" />
            <Label x={20} y={y0 + 30} bold mono size={12}>{row.title}</Label>
            <Label x={20} y={y0 + 50} size={11} muted>{row.sub}</Label>
            {row.cells.map((cell, c) =>
              cell.map((state, n) => <NodeLine key={`${c}-${n}`} x={COL_X + c * COL_W} y={y0 + 30 + n * 30} node={n + 1} state={state} />),
            )}
          </g>
        );
      })}
    </Figure>
  );
}
