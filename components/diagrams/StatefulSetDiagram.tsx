import { Figure } from './Figure';
import { Arrow, Label, Pod, Volume } from './shapes';

export function StatefulSetDiagram({ replicas = 3 }: { replicas?: number }) {
  const col = 220;
  const width = replicas * col + 20;
  return (
    <Figure
      id="statefulset"
      viewBox={`0 0 ${width} 270`}
      minWidth={560}
      title="StatefulSet ordinals, volumes and DNS names"
      description={`web-stateful has ${replicas} pods created in order from ordinal 0. Each pod has its own PersistentVolumeClaim named data-web-stateful-N and a DNS name under the headless Service web-headless.`}
      caption="Pods start in order (0, then 1, then 2), each with its own claim; the headless Service gives each a DNS name that survives rescheduling."
    >
      <rect x={10} y={10} width={width - 20} height={36} rx={8} fill="var(--dg-node)" stroke="var(--dg-node-stroke)" />
      <Label x={width / 2} y={33} anchor="middle" mono>headless Service web-headless (clusterIP: None)</Label>
      {Array.from({ length: replicas }, (_, i) => {
        const x = 20 + i * col;
        return (
          <g key={i}>
            <Label x={x + 90} y={78} anchor="middle" muted size={11}>{`step ${i + 1}`}</Label>
            <Pod x={x + 10} y={88} w={170} label={`web-stateful-${i}`} />
            {i < replicas - 1 && <Arrow id="statefulset" x1={x + 184} y1={105} x2={x + col + 4} y2={105} />}
            <line x1={x + 95} y1={122} x2={x + 95} y2={150} stroke="var(--dg-volume)" strokeDasharray="4 3" />
            <Volume x={x + 15} y={152} w={160} label={`data-web-stateful-${i}`} />
            <Label x={x + 95} y={212} anchor="middle" size={10} mono muted>{`web-stateful-${i}.web-headless`}</Label>
            <Label x={x + 95} y={226} anchor="middle" size={10} mono muted>.default.svc.cluster.local</Label>
          </g>
        );
      })}
      <Label x={20} y={258} size={11} muted>Scale down removes the highest ordinal first; the claims stay until you delete them.</Label>
    </Figure>
  );
}
