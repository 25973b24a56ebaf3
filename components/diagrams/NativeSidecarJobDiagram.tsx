import type { CSSProperties } from 'react';
import { Figure } from './Figure';
import { Label } from './shapes';

const X0 = 200;
const PX = 46; // per second of the example
const at = (s: number) => X0 + s * PX;

const LANES: { name: string; kind: string; from: number; to: number; phase: 'done' | 'running' | 'volume'; end: string }[] = [
  { name: 'setup', kind: 'init container', from: 0, to: 2, phase: 'done', end: 'exits 0' },
  { name: 'log-forwarder', kind: 'init, restartPolicy: Always', from: 2, to: 10.5, phase: 'volume', end: 'SIGTERM → exits' },
  { name: 'worker', kind: 'container', from: 2.6, to: 9.5, phase: 'running', end: 'exits 0' },
];

/** A Job pod with a native sidecar: init first, sidecar before the worker, sidecar stopped after it. */
export function NativeSidecarJobDiagram() {
  return (
    <Figure
      id="native-sidecar-job"
      viewBox="0 0 720 270"
      minWidth={600}
      title="Start and stop order of a native sidecar in a Job's pod"
      description="Timeline of one Job pod. The ordinary init container setup runs and exits first. Then the sidecar log-forwarder, an init container with restartPolicy Always, starts; the kubelet starts the next container as soon as the sidecar has started (or passed its startup probe) without waiting for it to exit. The worker container runs and exits 0. Because only sidecars are left, the kubelet sends them SIGTERM, in the reverse of their order in the spec; the sidecar exits, the pod becomes Succeeded and the Job counts a completion."
      caption="Native sidecars start before the app containers and stop after them, so a Job completes when its worker finishes. A sidecar that ignores SIGTERM delays the end by its grace period."
    >
      <line x1={at(0)} y1={36} x2={at(11)} y2={36} stroke="var(--dg-line)" strokeWidth={2} />
      {[0, 2, 4, 6, 8, 10].map((s) => (
        <g key={s}>
          <line x1={at(s)} y1={30} x2={at(s)} y2={42} stroke="var(--dg-line)" strokeWidth={2} />
          <Label x={at(s)} y={24} anchor="middle" size={11} mono>{`${s}s`}</Label>
        </g>
      ))}
      {LANES.map((lane, i) => {
        const y = 60 + i * 50;
        return (
          <g key={lane.name}>
            <Label x={10} y={y + 12} size={12} bold mono>{lane.name}</Label>
            <Label x={10} y={y + 28} size={10.5} muted>{lane.kind}</Label>
            <rect x={at(lane.from)} y={y} width={at(lane.to) - at(lane.from)} height={24} rx={12} fill={`var(--dg-${lane.phase}-bg)`} stroke={`var(--dg-${lane.phase})`} strokeWidth={1.5} />
            <Label x={at(lane.to) + 6} y={y + 16} size={10.5}>{lane.end}</Label>
          </g>
        );
      })}
      <line x1={at(9.5)} y1={150} x2={at(9.5)} y2={112} stroke="var(--dg-failed)" strokeDasharray="4 3" markerEnd="url(#native-sidecar-job-arrow)" />
      <Label x={at(2.6) - 4} y={222} size={11}>① the worker starts once the sidecar has started, not exited</Label>
      <Label x={at(2.6) - 4} y={240} size={11}>② worker done → the kubelet stops the sidecars, in reverse order</Label>
      <Label x={at(2.6) - 4} y={258} size={11} bold>③ pod Succeeded → the Job counts a completion</Label>
      <g className="dg-cursor" style={{ '--dg-sweep': `${11 * PX}px` } as CSSProperties}>
        <line x1={at(0)} y1={46} x2={at(0)} y2={206} stroke="var(--dg-accent)" strokeWidth={2} />
      </g>
    </Figure>
  );
}
