import { Figure } from './Figure';
import { Arrow, Box, Label } from './shapes';

export function InitContainerDiagram() {
  return (
    <Figure
      id="init-containers"
      viewBox="0 0 800 200"
      minWidth={560}
      title="Init containers run in order before the app starts"
      description="A pod's three init containers run one after another, each to completion: wait-for-db loops until the db Service answers on port 5432, setup-data prepares files in a shared volume, and config-downloader fetches the app's configuration. Only after all three succeed do the app containers start."
      caption="Each init container must exit 0 before the next starts. The app starts last and finds the prepared data and configuration in the shared volumes."
    >
      <rect x={8} y={8} width={784} height={150} rx={12} fill="none" stroke="var(--dg-node-stroke)" strokeDasharray="6 4" />
      <Label x={20} y={30} muted size={12}>pod</Label>
      <Box x={20} y={44} w={175} h={86} title="1 · wait-for-db" lines={['until nc -z db 5432', 'exits 0 when db answers']} tone="done" />
      <Arrow id="init-containers" x1={197} y1={87} x2={211} y2={87} />
      <Box x={213} y={44} w={175} h={86} title="2 · setup-data" lines={['writes /data', 'exits 0']} tone="done" />
      <Arrow id="init-containers" x1={390} y1={87} x2={404} y2={87} />
      <Box x={406} y={44} w={175} h={86} title="3 · config-downloader" lines={['wget app.properties', 'exits 0']} tone="done" />
      <Arrow id="init-containers" x1={583} y1={87} x2={597} y2={87} />
      <Box x={599} y={44} w={175} h={86} title="app" lines={['starts only now', 'reads /data, /config']} tone="running" />
      <Label x={20} y={186} size={12} muted>STATUS while waiting: Init:0/3, Init:1/3, Init:2/3, then PodInitializing, then Running.</Label>
    </Figure>
  );
}
