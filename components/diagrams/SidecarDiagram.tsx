import { Figure } from './Figure';
import { Arrow, Box, Label, Volume } from './shapes';

export function SidecarDiagram() {
  return (
    <Figure
      id="sidecar"
      viewBox="0 0 720 210"
      minWidth={520}
      title="Sidecar: a helper container sharing the pod's volume"
      description="The app container writes logs to /var/log/app in an emptyDir volume. A log-shipper sidecar in the same pod reads that volume and forwards the lines to a central log store."
      caption="The sidecar adds a capability (log shipping) without changing the app: they share an emptyDir volume."
    >
      <rect x={8} y={8} width={560} height={190} rx={12} fill="none" stroke="var(--dg-node-stroke)" strokeDasharray="6 4" />
      <Label x={20} y={30} muted size={12}>pod</Label>
      <Box x={30} y={44} w={180} h={70} title="app" lines={['writes app.log']} tone="running" />
      <Box x={360} y={44} w={190} h={70} title="log-shipper (sidecar)" lines={['tails, filters, sends']} tone="running" />
      <Volume x={200} y={150} w={170} label="emptyDir: logs" />
      <Arrow id="sidecar" x1={120} y1={118} x2={220} y2={150} />
      <Arrow id="sidecar" x1={350} y1={150} x2={440} y2={118} />
      <Arrow id="sidecar" x1={554} y1={79} x2={640} y2={79} />
      <Box x={600} y={124} w={110} h={60} title="log store" lines={['central']} tone="node" />
      <line x1={650} y1={82} x2={655} y2={124} stroke="var(--dg-line)" />
    </Figure>
  );
}
