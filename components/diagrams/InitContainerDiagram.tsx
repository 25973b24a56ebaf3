import { Figure } from './Figure';
import { Arrow, Box, Label } from './shapes';

export function InitContainerDiagram() {
  return (
    <Figure
      id="init-containers"
      viewBox="0 0 720 200"
      minWidth={560}
      title="Init containers run in order before the app starts"
      description="A pod's init containers run one after another, each to completion: wait-for-db loops until the db Service answers on port 5432, then setup-data prepares files in a shared volume. Only after both succeed do the app containers start."
      caption="Each init container must exit 0 before the next starts. The app starts last and finds the prepared data in the shared volume."
    >
      <rect x={8} y={8} width={704} height={150} rx={12} fill="none" stroke="var(--dg-node-stroke)" strokeDasharray="6 4" />
      <Label x={20} y={30} muted size={12}>pod</Label>
      <Box x={24} y={44} w={190} h={86} title="1 · wait-for-db" lines={['until nc -z db 5432', 'exits 0 when db answers']} tone="done" />
      <Arrow id="init-containers" x1={218} y1={87} x2={254} y2={87} />
      <Box x={258} y={44} w={190} h={86} title="2 · setup-data" lines={['writes /data/seed.json', 'exits 0']} tone="done" />
      <Arrow id="init-containers" x1={452} y1={87} x2={488} y2={87} />
      <Box x={492} y={44} w={200} h={86} title="app" lines={['starts only now', 'reads /data']} tone="running" />
      <Label x={20} y={186} size={12} muted>STATUS while waiting: Init:0/2, then Init:1/2, then PodInitializing, then Running.</Label>
    </Figure>
  );
}
