import { Figure } from './Figure';
import { Arrow, Box, Label } from './shapes';

export function AmbassadorDiagram() {
  return (
    <Figure
      id="ambassador"
      viewBox="0 0 720 190"
      minWidth={520}
      title="Ambassador: the app talks to localhost, a proxy talks to the world"
      description="The app container sends requests to localhost:8080. An haproxy ambassador container in the same pod listens there and forwards to the real backend, handling retries, load balancing or TLS."
      caption="The app only knows localhost:8080. The ambassador (haproxy, configured from a ConfigMap) decides where requests really go."
    >
      <rect x={8} y={8} width={470} height={170} rx={12} fill="none" stroke="var(--dg-node-stroke)" strokeDasharray="6 4" />
      <Label x={20} y={30} muted size={12}>pod (shared network namespace)</Label>
      <Box x={28} y={56} w={170} h={80} title="app" lines={['GET localhost:8080']} tone="running" />
      <Arrow id="ambassador" x1={202} y1={96} x2={262} y2={96} />
      <Label x={232} y={88} anchor="middle" size={11} mono muted>:8080</Label>
      <Box x={266} y={56} w={190} h={80} title="ambassador" lines={['haproxy', 'retries · TLS · LB']} tone="volume" />
      <Arrow id="ambassador" x1={460} y1={96} x2={540} y2={96} />
      <Box x={544} y={46} w={166} h={100} title="backend" lines={['real service', 'or external API']} tone="node" />
    </Figure>
  );
}
