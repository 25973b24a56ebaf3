/**
 * Runner: one per cluster; drains every controller's work queue. Watch events and timers
 * only wake it, and it processes on a later macrotask, so a write never re-enters the
 * controller that made it. Tests reach quiescence with Cluster.settle() (SimCluster.settle):
 * it turns the event loop until `busy` has stayed false for three turns in a row.
 */
export interface Processor {
  readonly name: string;
  /** Processes one queued key; false when its queue is empty. */
  processOne(): boolean;
}

/** A drain handles at most this many keys before yielding, so one busy cluster cannot starve the process. */
const MAX_KEYS_PER_DRAIN = 2000;

export class Runner {
  private readonly processors: Processor[] = [];
  private scheduled = false;
  private stopped = false;

  constructor(private readonly schedule: (fn: () => void) => void = (fn) => setImmediate(fn)) {}

  register(p: Processor): void {
    this.processors.push(p);
  }

  wake(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** True while a drain is scheduled (adding a key to a queue wakes the runner, which schedules one). */
  get busy(): boolean {
    return this.scheduled;
  }

  drain(): void {
    if (this.stopped) return;
    let handled = 0;
    for (;;) {
      let any = false;
      for (const p of this.processors) {
        if (p.processOne()) {
          any = true;
          handled++;
        }
      }
      if (!any) return;
      if (handled >= MAX_KEYS_PER_DRAIN) {
        this.wake();
        return;
      }
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
