import { Figure } from './Figure';
import { Arrow, Box, Label } from './shapes';

/** "Which workload?": four yes/no questions that end at the controller to use. */
export function WorkloadDecisionDiagram() {
  const q = (x: number, y: number, text: string[]) => <Box x={x} y={y} w={230} h={34 + text.length * 17} title={text[0]} lines={text.slice(1)} tone="node" />;
  const answer = (x: number, y: number, title: string, line: string, tone: 'running' | 'done' | 'volume' | 'cp' | 'pending') => <Box x={x} y={y} w={150} h={62} title={title} lines={[line]} tone={tone} />;
  return (
    <Figure
      id="workload-decision"
      viewBox="0 0 720 470"
      minWidth={600}
      title="Which workload controller should run it?"
      description="A decision flow. First: does the work finish? If yes, and it must run on a schedule, use a CronJob; if it runs once or on demand, a Job. If the work keeps running: must there be one copy on every node (or every matching node)? Then a DaemonSet. Otherwise: does each replica need its own name, its own storage or an order of start-up? Then a StatefulSet. If none of that, a Deployment."
      caption="Start at the top; each answer narrows the choice. Most services end at Deployment; the others exist for the cases a Deployment cannot express."
    >
      {q(245, 12, ['Does the work finish?', 'exit 0 means done'])}
      <Arrow id="workload-decision" x1={245} y1={42} x2={140} y2={100} />
      <Label x={175} y={62} size={11} bold>yes</Label>
      <Arrow id="workload-decision" x1={475} y1={42} x2={560} y2={100} />
      <Label x={520} y={62} size={11} bold>no, it keeps running</Label>
      {q(25, 102, ['On a schedule?', 'every night, every 5 min'])}
      <Arrow id="workload-decision" x1={80} y1={153} x2={80} y2={220} />
      <Label x={88} y={190} size={11} bold>yes</Label>
      <Arrow id="workload-decision" x1={200} y1={153} x2={250} y2={220} />
      <Label x={236} y={190} size={11} bold>no</Label>
      {answer(10, 222, 'CronJob', 'makes a Job per run', 'pending')}
      {answer(180, 222, 'Job', 'runs to completion', 'done')}
      {q(445, 102, ['One copy on every node?', 'log shipper, node agent, CNI'])}
      <Arrow id="workload-decision" x1={630} y1={153} x2={630} y2={220} />
      <Label x={638} y={190} size={11} bold>yes</Label>
      <Arrow id="workload-decision" x1={500} y1={153} x2={420} y2={290} />
      <Label x={470} y={200} size={11} bold>no</Label>
      {answer(555, 222, 'DaemonSet', 'one pod per node', 'cp')}
      {q(300, 292, ['Own name, own disk, or order?', 'db-0 is the primary'])}
      <Arrow id="workload-decision" x1={340} y1={343} x2={300} y2={392} />
      <Label x={300} y={370} size={11} bold>yes</Label>
      <Arrow id="workload-decision" x1={490} y1={343} x2={540} y2={392} />
      <Label x={524} y={370} size={11} bold>no</Label>
      {answer(210, 394, 'StatefulSet', 'ordinals + PVC each', 'volume')}
      {answer(470, 394, 'Deployment', 'interchangeable pods', 'running')}
    </Figure>
  );
}
