import { Figure } from './Figure';
import { Arrow, Box, Label } from './shapes';

export function BatchPipelineDiagram() {
  return (
    <Figure
      id="batch-pipeline"
      viewBox="0 0 720 200"
      minWidth={600}
      title="A batch data pipeline built from Jobs and CronJobs"
      description="An ingest CronJob collects data every hour into a queue or volume; a parallel processing Job transforms it; a daily report CronJob summarises the results; a monthly archive CronJob moves old data to long-term storage."
      caption="Each stage is its own workload with its own schedule, retries and history; they hand data over through a queue or a volume."
    >
      <Box x={10} y={40} w={150} h={86} title="ingest" lines={['CronJob', '0 * * * *']} tone="pending" />
      <Arrow id="batch-pipeline" x1={164} y1={83} x2={192} y2={83} />
      <Box x={196} y={40} w={160} h={86} title="process" lines={['Job', 'parallelism 4']} tone="done" />
      <Arrow id="batch-pipeline" x1={360} y1={83} x2={388} y2={83} />
      <Box x={392} y={40} w={150} h={86} title="report" lines={['CronJob', '0 6 * * *']} tone="pending" />
      <Arrow id="batch-pipeline" x1={546} y1={83} x2={566} y2={83} />
      <Box x={570} y={40} w={140} h={86} title="archive" lines={['CronJob', '0 3 1 * *']} tone="volume" />
      <rect x={196} y={148} width={346} height={34} rx={8} fill="var(--dg-volume-bg)" stroke="var(--dg-volume)" />
      <Label x={369} y={170} anchor="middle" size={12}>shared state: queue (redis) or a PersistentVolumeClaim</Label>
    </Figure>
  );
}
