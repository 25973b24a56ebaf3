import { Figure } from './Figure';
import { Arrow, Box, Label } from './shapes';

/** What the Job controller does with a failed pod: podFailurePolicy first, then backoffLimit. */
export function JobFailurePathDiagram() {
  const id = 'job-failure';
  return (
    <Figure
      id={id}
      viewBox="0 0 720 400"
      minWidth={620}
      title="A Job's failure path"
      description="When a pod of a Job fails, the controller first checks the podFailurePolicy rules in order. A FailJob rule fails the whole Job: the condition FailureTarget is added at once, the remaining pods are terminated, and when none is left the Job gets the Failed condition with reason PodFailurePolicy. An Ignore rule does not count the failure and a replacement pod is created. A Count rule, or no matching rule, counts the failure against backoffLimit. While failures stay within backoffLimit, a replacement pod is created after an exponential back-off of 10, 20, 40 seconds and so on, capped at six minutes. When failures exceed backoffLimit, the Job gets FailureTarget and then Failed with reason BackoffLimitExceeded."
      caption="podFailurePolicy is read before backoffLimit. FailureTarget means the controller has decided; Failed follows once no pod of the Job is still terminating, so scripts should wait for Failed (or Complete), not FailureTarget."
    >
      <Box x={270} y={8} w={180} h={44} title="a pod fails" tone="failed" />
      <Arrow id={id} x1={360} y1={52} x2={360} y2={74} />
      <Box x={210} y={76} w={300} h={62} title="podFailurePolicy: a rule matches?" lines={['exit codes or pod conditions, first match wins']} />
      <Arrow id={id} x1={230} y1={138} x2={110} y2={178} />
      <Label x={120} y={158} size={11} bold mono>FailJob</Label>
      <Arrow id={id} x1={360} y1={138} x2={360} y2={178} />
      <Label x={368} y={162} size={11} bold mono>Count, or no rule</Label>
      <Arrow id={id} x1={490} y1={138} x2={590} y2={178} />
      <Label x={548} y={158} size={11} bold mono>Ignore</Label>

      <Box x={515} y={180} w={160} h={62} title="not counted" lines={['replacement pod now']} tone="running" />
      <Box x={250} y={180} w={220} h={62} title="failed > backoffLimit?" lines={['(default 6)']} />
      <Arrow id={id} x1={470} y1={226} x2={560} y2={290} />
      <Label x={520} y={262} size={11} bold>no</Label>
      <Box x={515} y={292} w={160} h={78} title="retry after" lines={['10 s, 20 s, 40 s …', 'capped at 6 min']} tone="pending" />
      <path d="M675,330 C712,330 712,30 452,30" fill="none" stroke="var(--dg-line)" strokeWidth={1.4} strokeDasharray="5 4" markerEnd={`url(#${id}-arrow)`} />
      <Label x={640} y={110} size={10.5} muted>new pod</Label>
      <Arrow id={id} x1={360} y1={242} x2={330} y2={290} />
      <Label x={350} y={270} size={11} bold>yes</Label>

      <Box x={10} y={180} w={200} h={62} title="FailureTarget → Failed" lines={['reason PodFailurePolicy']} tone="failed" />
      <Box x={220} y={292} w={240} h={62} title="FailureTarget → Failed" lines={['reason BackoffLimitExceeded']} tone="failed" />
      <Label x={10} y={378} size={11.5}>FailureTarget comes at once; the remaining pods are terminated, and when none is left</Label>
      <Label x={10} y={395} size={11.5} bold>the Job gets Failed, with the same reason.</Label>
    </Figure>
  );
}
