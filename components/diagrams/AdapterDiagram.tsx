import { Figure } from './Figure';
import { Arrow, Box, Label, Volume } from './shapes';

export function AdapterDiagram() {
  return (
    <Figure
      id="adapter"
      viewBox="0 0 720 220"
      minWidth={520}
      title="Adapter: reshape a legacy app's output into a standard format"
      description="A legacy app writes plain text lines such as LEGACY_LOG level=INFO to a file in a shared volume. An adapter container tails the file and prints each line as JSON, which monitoring tools can ingest."
      caption="The adapter translates, the app stays untouched: plain lines in, JSON out."
    >
      <rect x={8} y={8} width={520} height={200} rx={12} fill="none" stroke="var(--dg-node-stroke)" strokeDasharray="6 4" />
      <Label x={20} y={30} muted size={12}>pod</Label>
      <Box x={26} y={44} w={190} h={64} title="legacy-app" lines={['LEGACY_LOG level=INFO …']} tone="running" />
      <Box x={318} y={44} w={196} h={64} title="log-adapter" lines={['tail -f | while read']} tone="running" />
      <Volume x={190} y={156} w={160} label="emptyDir /var/log" />
      <Arrow id="adapter" x1={120} y1={112} x2={215} y2={156} />
      <Arrow id="adapter" x1={330} y1={156} x2={410} y2={112} />
      <Arrow id="adapter" x1={518} y1={76} x2={560} y2={76} />
      <rect x={564} y={40} width={150} height={76} rx={8} fill="var(--dg-done-bg)" stroke="var(--dg-done)" />
      <Label x={574} y={62} size={10} mono>{'{"timestamp": …,'}</Label>
      <Label x={574} y={78} size={10} mono>{' "level": "INFO",'}</Label>
      <Label x={574} y={94} size={10} mono>{' "message": …}'}</Label>
      <Label x={564} y={136} size={11} muted>to monitoring</Label>
    </Figure>
  );
}
