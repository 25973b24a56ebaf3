import { Figure } from './Figure';
import { Arrow, Label, Pod } from './shapes';

/** completions 9, parallelism 3: three waves of three pods; then the work-queue variant. */
export function JobParallelismDiagram() {
  const durations = [[3, 4, 2], [3, 2, 4], [2, 3, 3]];
  const unit = 48;
  return (
    <Figure
      id="job-parallelism"
      viewBox="0 0 720 330"
      minWidth={560}
      title="Job parallelism and completions"
      description="parallel-job with completions 9 and parallelism 3 runs at most three pods at a time; whenever one succeeds a new one starts, until nine have succeeded. Below, a work-queue Job with parallelism 2 and no completions stops when its workers find the queue empty."
      caption="Top: completions 9, parallelism 3. Never more than three pods run; each success makes room for the next. Bottom: a work queue ends when its workers exit successfully."
    >
      <Label x={10} y={20} bold>parallel-job: completions 9, parallelism 3</Label>
      {[0, 1, 2].map((lane) => {
        let t = 0;
        return (
          <g key={lane}>
            <Label x={10} y={58 + lane * 44} muted size={11}>{`slot ${lane + 1}`}</Label>
            {durations.map((wave, k) => {
              const d = wave[lane];
              const x = 60 + t * unit;
              t += d;
              return <Pod key={k} x={x} y={40 + lane * 44} w={d * unit - 6} label={`#${k * 3 + lane + 1}`} phase="done" />;
            })}
          </g>
        );
      })}
      <Arrow id="job-parallelism" x1={60} y1={178} x2={560} y2={178} />
      <Label x={565} y={182} muted size={11}>time</Label>
      <Label x={580} y={70} size={12}>succeeded 9/9</Label>
      <Label x={580} y={88} size={12} muted>active ≤ 3</Label>
      <Label x={10} y={222} bold>queue-job: parallelism 2, no completions (work queue)</Label>
      <Pod x={60} y={238} w={260} label="worker A: items… queue empty, exit 0" phase="done" />
      <Pod x={60} y={280} w={330} label="worker B: items… queue empty, exit 0" phase="done" />
      <Label x={410} y={290} size={12}>first success: no new pods; Job completes when all exit</Label>
    </Figure>
  );
}
