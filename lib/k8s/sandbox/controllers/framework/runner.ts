/**
 * Runner: one per cluster; drains every controller's work queue. Watch events and timers
 * only wake it, and it processes on a later macrotask, so a write never re-enters the
 * controller that made it. Tests reach quiescence with Cluster.settle() (SimCluster.settle):
 * it turns the event loop until `busy` has stayed false for three turns in a row.
 */
import { installedTurns, type Lane, type TurnScheduler } from '../../../../turns/turns';

/** The lanes a controller's drain takes: the control plane's or the nodes'. */
export type DrainLane = Extract<Lane, 'control' | 'node'>;

export interface Processor {
  readonly name: string;
  /** The lane its drains take with turns (lib/turns/turns.ts); 'control' when absent. */
  readonly lane?: DrainLane;
  /** Processes one queued key; false when its queue is empty. */
  processOne(): boolean;
}

/** A drain handles at most this many keys before yielding, so one busy cluster cannot starve the process. */
const MAX_KEYS_PER_DRAIN = 2000;

/**
 * With turns, a drain yields its slot once it has run this long, and the rest is queued again
 * at the back of its lane: a request or a learner's first pod waits for at most one slice of
 * another cluster's work, not the whole of it. Under a class with troublemakers a drain's keys
 * took 5-15 ms each (kubelets starting seven pods, a StatefulSet's replicas, the scheduler), and
 * one drain held the thread for 50-130 ms (scripts/bench/hostile-class.mjs, a trace of the
 * worker's drains). Checked after each pass over the processors, so each still gets a key a pass.
 */
export const DRAIN_SLICE_MS = 5;

export class Runner {
  private readonly processors: Processor[] = [];
  /** Per lane, whether a drain is scheduled; without turns only 'control' is used (one drain for all). */
  private readonly scheduled: Record<DrainLane | 'prompt', boolean> = { control: false, node: false, prompt: false };
  private stopped = false;
  /** Learners' writes being handled now: the control drains they ask for take the prompt lane. */
  private prompting = 0;

  /**
   * Without turns every processor drains in one setImmediate, as tests and a cluster alone
   * expect; with turns (a sandbox worker installs PriorityTurns: lib/turns/turns.ts) the control
   * plane's processors and the kubelets drain in their own lanes, the control lane first.
   */
  constructor(
    private readonly turns: TurnScheduler | undefined = installedTurns(),
    private readonly now: () => number = () => performance.now(),
  ) {}

  register(p: Processor): void {
    this.processors.push(p);
    this.lanes = undefined;
  }

  /** The processors of each lane, grouped at the first drain (a subclass sets its lane after registering). */
  private lanes: Record<DrainLane, Processor[]> | undefined;

  private ofLane(lane: DrainLane): Processor[] {
    this.lanes ??= {
      control: this.processors.filter((p) => (p.lane ?? 'control') === 'control'),
      node: this.processors.filter((p) => p.lane === 'node'),
    };
    return this.lanes[lane];
  }

  /**
   * Runs while a learner's write is handled (Cluster.handle): the control plane's drain it asks
   * for takes the prompt lane (lib/turns/turns.ts says why), and that drain handles every control
   * key of this cluster, the scheduler's included. The work that drain's own writes ask for is
   * ordinary (the request is answered by then); so are the kubelets'.
   */
  async whilePrompting<T>(work: () => Promise<T>): Promise<T> {
    this.prompting++;
    try {
      return await work();
    } finally {
      this.prompting--;
    }
  }

  wake(lane: DrainLane = 'control'): void {
    this.schedule(!this.turns ? 'control' : lane === 'control' && this.prompting > 0 ? 'prompt' : lane);
  }

  private schedule(l: DrainLane | 'prompt'): void {
    if (this.scheduled[l] || this.stopped) return;
    this.scheduled[l] = true;
    const run = () => {
      this.scheduled[l] = false;
      if (!this.turns) this.drain();
      else this.drain(l === 'prompt' ? 'control' : l, l === 'prompt');
    };
    if (this.turns) this.turns.soon(run, l);
    else setImmediate(run);
  }

  /** True while a drain is scheduled (adding a key to a queue wakes the runner, which schedules one). */
  get busy(): boolean {
    return this.scheduled.control || this.scheduled.node || this.scheduled.prompt;
  }

  /**
   * Drains the processors of one lane, or all of them. With turns, a drain that ran
   * DRAIN_SLICE_MS queues the rest in its lane again (prompt: a prompt drain's rest stays one).
   */
  drain(lane?: DrainLane, prompt = false): void {
    if (this.stopped) return;
    const processors = lane ? this.ofLane(lane) : this.processors;
    const until = this.turns ? this.now() + DRAIN_SLICE_MS : Number.POSITIVE_INFINITY;
    let handled = 0;
    for (;;) {
      let any = false;
      for (const p of processors) {
        if (p.processOne()) {
          any = true;
          handled++;
        }
      }
      if (!any) return;
      if (handled >= MAX_KEYS_PER_DRAIN || this.now() >= until) {
        if (prompt) this.schedule('prompt');
        else this.wake(lane);
        return;
      }
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
