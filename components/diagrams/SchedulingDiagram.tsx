import { Figure } from './Figure';
import { Label, NodeBox, Pod } from './shapes';

const NODES = [
  { name: 'control-plane', labels: 'role=control-plane', taint: 'control-plane:NoSchedule', verdict: 'untolerated taint', ok: false, cp: true },
  { name: 'worker-1', labels: 'disktype=ssd, zone-a', taint: '', verdict: 'fits: affinity ✓', ok: true, cp: false },
  { name: 'worker-2', labels: 'disktype=hdd, zone-b', taint: '', verdict: "didn't match node affinity", ok: false, cp: false },
  { name: 'worker-3', labels: 'disktype=ssd, zone-c', taint: 'gpu=true:NoSchedule', verdict: 'fits: toleration ✓', ok: true, cp: false },
];

export function SchedulingDiagram() {
  return (
    <Figure
      id="scheduling"
      viewBox="0 0 720 300"
      minWidth={600}
      title="How the scheduler filters nodes"
      description="A pod requires nodes labelled disktype=ssd and tolerates the gpu=true:NoSchedule taint. The control-plane node is rejected by its untolerated taint, worker-2 by node affinity; worker-1 and worker-3 pass and are scored, and the pod is bound to one of them."
      caption="Filters remove nodes (taints, affinity, resources); the remaining nodes are scored (preferred affinity, spreading) and the best one wins."
    >
      <rect x={10} y={10} width={700} height={56} rx={10} fill="var(--dg-pending-bg)" stroke="var(--dg-pending)" />
      <Label x={24} y={33} bold>pending pod</Label>
      <Label x={24} y={52} size={11} mono>{'nodeAffinity: disktype In [ssd] · tolerations: gpu=true:NoSchedule'}</Label>
      {NODES.map((n, i) => {
        const x = 10 + i * 177;
        return (
          <g key={n.name}>
            <NodeBox x={x} y={86} w={168} h={150} label={n.name} sub={n.labels} controlPlane={n.cp} />
            {n.taint && <Label x={x + 12} y={146} size={10} mono muted>{`taint ${n.taint}`}</Label>}
            <rect x={x + 10} y={188} width={148} height={34} rx={8} fill={n.ok ? 'var(--dg-running-bg)' : 'var(--dg-failed-bg)'} stroke={n.ok ? 'var(--dg-running)' : 'var(--dg-failed)'} />
            <Label x={x + 84} y={209} anchor="middle" size={11}>{n.verdict}</Label>
          </g>
        );
      })}
      <Pod x={196} y={250} w={320} label="bound to worker-1 (highest score)" phase="running" />
    </Figure>
  );
}
