import type { CSSProperties } from 'react';
import { Figure } from './Figure';
import { Label } from './shapes';

const X0 = 250;
const PX_PER_S = 1.2; // 360 s across 432 px
const at = (s: number) => X0 + s * PX_PER_S;

const LANES: { who: string; toleration: string; until?: number; after: string }[] = [
  { who: 'pod A', toleration: 'tolerationSeconds: 0', until: 0, after: 'evicted at once' },
  { who: 'pod B', toleration: 'tolerationSeconds: 60', until: 60, after: 'evicted after 60 s' },
  { who: 'Deployment pod', toleration: '300 s (added by default)', until: 300, after: 'evicted, replaced elsewhere' },
  { who: 'DaemonSet pod', toleration: 'no tolerationSeconds', after: 'stays: tolerates forever' },
];

/** A NoExecute taint appears on a node; each pod stays for its tolerationSeconds, then is evicted. */
export function TaintTimelineDiagram() {
  return (
    <Figure
      id="taint-timeline"
      viewBox="0 0 720 290"
      minWidth={600}
      title="A NoExecute taint over time, with tolerationSeconds"
      description="At time 0 the node gets the taint node.kubernetes.io/unreachable:NoExecute, added by the node controller once the node has missed heartbeats for the node-monitor grace period. Pod A tolerates it for 0 seconds and is evicted at once. Pod B tolerates it for 60 seconds and is evicted at 60 s. A Deployment's pod has the default toleration of 300 seconds, added at admission, and is evicted at 300 s; its ReplicaSet creates a replacement on another node. A DaemonSet pod tolerates the taint with no time limit and stays."
      caption="tolerationSeconds is how long a pod may stay on a node after a matching NoExecute taint appears. Without tolerationSeconds it stays for good; without a matching toleration it is evicted at once. StatefulSet pods evicted from an unreachable node stay Terminating until the node is confirmed gone."
    >
      <line x1={at(0)} y1={46} x2={at(360)} y2={46} stroke="var(--dg-line)" strokeWidth={2} />
      {[0, 60, 120, 180, 240, 300, 360].map((s) => (
        <g key={s}>
          <line x1={at(s)} y1={40} x2={at(s)} y2={52} stroke="var(--dg-line)" strokeWidth={2} />
          <Label x={at(s)} y={32} anchor="middle" size={11} mono>{`${s}s`}</Label>
        </g>
      ))}
      <Label x={10} y={50} size={11} bold>taint added at 0 s</Label>
      <line x1={at(0)} y1={56} x2={at(0)} y2={266} stroke="var(--dg-failed)" strokeDasharray="4 3" />
      {LANES.map((lane, i) => {
        const y = 74 + i * 48;
        const end = lane.until === undefined ? at(360) : at(lane.until);
        return (
          <g key={lane.who}>
            <Label x={10} y={y + 12} size={12} bold>{lane.who}</Label>
            <Label x={10} y={y + 28} size={10.5} muted mono>{lane.toleration}</Label>
            {end > at(0) && <rect x={at(0)} y={y} width={end - at(0)} height={22} rx={11} fill="var(--dg-running-bg)" stroke="var(--dg-running)" />}
            {lane.until !== undefined && <path d={`M${end - 6},${y + 5} l12,12 M${end + 6},${y + 5} l-12,12`} stroke="var(--dg-failed)" strokeWidth={2.2} />}
            <Label x={lane.until === undefined ? at(360) - 8 : end + 14} y={y + 15} size={11} anchor={lane.until === undefined ? 'end' : 'start'}>{lane.after}</Label>
          </g>
        );
      })}
      <g className="dg-cursor" style={{ '--dg-sweep': `${360 * PX_PER_S}px` } as CSSProperties}>
        <line x1={at(0)} y1={40} x2={at(0)} y2={270} stroke="var(--dg-accent)" strokeWidth={2} />
        <Label x={at(0) + 4} y={280} size={10} muted>now</Label>
      </g>
    </Figure>
  );
}
