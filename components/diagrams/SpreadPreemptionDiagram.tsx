import { Figure } from './Figure';
import { Arrow, Label, NodeBox, Pod } from './shapes';

/** Left: a topology spread constraint picks the emptier zone. Right: a high-priority pod preempts. */
export function SpreadPreemptionDiagram() {
  const zones = [
    { name: 'zone-a', pods: 2, verdict: 'skew would be 2: filtered out', ok: false },
    { name: 'zone-b', pods: 1, verdict: 'skew 1: allowed', ok: true },
    { name: 'zone-c', pods: 1, verdict: 'skew 1: allowed', ok: true },
  ];
  return (
    <Figure
      id="spread-preemption"
      viewBox="0 0 720 320"
      minWidth={620}
      title="Topology spread and preemption"
      description="Left: a Deployment's pods are spread over three zones with maxSkew 1 and whenUnsatisfiable DoNotSchedule. Zone a has two pods, zones b and c one each. A new pod may not go to zone a, because the difference between the fullest and emptiest zone would become 2; zones b and c are allowed. Right: a node is full of low-priority pods. A pending pod of a high PriorityClass cannot fit anywhere, so the scheduler picks the node where evicting the fewest, lowest-priority pods makes room, evicts one there, records the node as nominated, and binds the pending pod once the victim has gone."
      caption="topologySpreadConstraints filter (DoNotSchedule) or score (ScheduleAnyway) nodes by how evenly matching pods are spread over a topology key. Preemption happens only when a pod fits nowhere: lower-priority pods are evicted, gracefully, to make room."
    >
      <Label x={10} y={22} bold size={13}>topologySpreadConstraints</Label>
      <Label x={10} y={40} size={10.5} mono muted>{'maxSkew: 1 · topologyKey: zone · DoNotSchedule'}</Label>
      {zones.map((z, i) => {
        const x = 10 + i * 118;
        return (
          <g key={z.name}>
            <NodeBox x={x} y={54} w={110} h={164} label={z.name} />
            {Array.from({ length: z.pods }, (_, p) => <Pod key={p} x={x + 8} y={90 + p * 40} w={94} h={30} label={`web-${'abc'[i]}${p + 1}`} />)}
            <rect x={x + 4} y={228} width={102} height={40} rx={8} fill={z.ok ? 'var(--dg-running-bg)' : 'var(--dg-failed-bg)'} stroke={z.ok ? 'var(--dg-running)' : 'var(--dg-failed)'} />
            <Label x={x + 55} y={244} anchor="middle" size={10}>{z.verdict.split(': ')[0]}</Label>
            <Label x={x + 55} y={260} anchor="middle" size={10} bold>{z.verdict.split(': ')[1]}</Label>
          </g>
        );
      })}
      <Pod x={100} y={282} w={250} h={30} label="new web pod → zone-b or zone-c" phase="pending" dashed />

      <line x1={372} y1={10} x2={372} y2={310} stroke="var(--dg-node-stroke)" />
      <Label x={388} y={22} bold size={13}>Preemption</Label>
      <Label x={388} y={40} size={10.5} mono muted>{'priorityClassName: critical (1000000)'}</Label>
      <Pod x={388} y={54} w={230} h={30} label="critical pod: fits nowhere" phase="pending" dashed />
      <Arrow id="spread-preemption" x1={493} y1={86} x2={493} y2={110} />
      <NodeBox x={388} y={112} w={320} h={136} label="worker-2 (full)" sub="nominatedNodeName: worker-2" />
      <Pod x={400} y={164} w={140} h={30} label="batch-a  prio 0" phase="failed" />
      <Label x={548} y={184} size={10.5}>① evicted (grace period)</Label>
      <Pod x={400} y={204} w={140} h={30} label="batch-b  prio 0" />
      <Label x={548} y={224} size={10.5} muted>stays: one victim is enough</Label>
      <Arrow id="spread-preemption" x1={548} y1={256} x2={548} y2={276} />
      <Pod x={420} y={278} w={270} h={30} label="② critical pod bound to worker-2" phase="running" />
    </Figure>
  );
}
