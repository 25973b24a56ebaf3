import { Figure } from './Figure';
import { Box } from './shapes';

const FAMILIES = [
  { title: 'Deployment', tone: 'running', lines: ['stateless, interchangeable', 'web apps · APIs · caches'] },
  { title: 'StatefulSet', tone: 'volume', lines: ['stable names and disks', 'databases · queues · clusters'] },
  { title: 'DaemonSet', tone: 'cp', lines: ['one pod per node', 'log agents · monitoring · CNI'] },
  { title: 'Job', tone: 'done', lines: ['runs to completion', 'batch · migrations · processing'] },
  { title: 'CronJob', tone: 'pending', lines: ['Jobs on a schedule', 'backups · reports · clean-up'] },
  { title: 'Operator', tone: 'node', lines: ['your own controller', 'complex apps · workflows'] },
] as const;

export function WorkloadTypesDiagram() {
  return (
    <Figure
      id="workload-types"
      viewBox="0 0 720 300"
      title="Kubernetes workload families"
      description="Six workload families: Deployment for stateless apps, StatefulSet for stateful apps, DaemonSet for one pod per node, Job for work that finishes, CronJob for scheduled Jobs, and operators for custom controllers."
      caption="The six ways to run pods. Long-running services on top, work that ends below."
    >
      <text x={12} y={24} fontSize={13} className="muted">Long-running</text>
      <text x={12} y={168} fontSize={13} className="muted">Runs to completion, or extends Kubernetes</text>
      {FAMILIES.map((f, i) => (
        <Box key={f.title} x={12 + (i % 3) * 236} y={34 + Math.floor(i / 3) * 144} w={220} h={104} title={f.title} lines={[...f.lines]} tone={f.tone} />
      ))}
    </Figure>
  );
}
