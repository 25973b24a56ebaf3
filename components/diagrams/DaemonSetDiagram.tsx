import { Figure } from './Figure';
import { NodeBox, Pod, Volume } from './shapes';

export function DaemonSetDiagram({ workers = 3 }: { workers?: number }) {
  const nodes = [{ name: 'control-plane', cp: true }, ...Array.from({ length: workers }, (_, i) => ({ name: `worker-${i + 1}`, cp: false }))];
  const w = 184;
  const gap = 14;
  const width = nodes.length * (w + gap) + gap;
  return (
    <Figure
      id="daemonset"
      viewBox={`0 0 ${width} 250`}
      minWidth={520}
      title="A DaemonSet runs one pod on every node"
      description={`The log-collector DaemonSet has one pod on each of ${nodes.length} nodes. The control-plane node is tainted NoSchedule; its pod exists only because the template tolerates that taint. Each pod mounts the node's /var/log through hostPath.`}
      caption="log-collector: one fluentd pod per node, each reading its own node's /var/log. The control-plane pod is there only thanks to the toleration."
    >
      {nodes.map((n, i) => {
        const x = gap + i * (w + gap);
        return (
          <g key={n.name}>
            <NodeBox x={x} y={16} w={w} h={220} label={n.name} sub={n.cp ? 'tainted NoSchedule' : 'zone-' + 'abc'[(i - 1) % 3]} controlPlane={n.cp} />
            <Pod x={x + 10} y={76} w={w - 20} label={`log-collector-${['k7x2p', 'm4q9z', 'r8t2w', 'b5n6c', 'h2j4d', 'x9s3v'][i % 6]}`} />
            {n.cp && <text x={x + 12} y={130} fontSize={11} className="muted">tolerates the taint</text>}
            <line x1={x + w / 2} y1={110} x2={x + w / 2} y2={168} stroke="var(--dg-volume)" strokeDasharray="4 3" />
            <Volume x={x + 20} y={170} w={w - 40} label="hostPath /var/log" />
          </g>
        );
      })}
    </Figure>
  );
}
