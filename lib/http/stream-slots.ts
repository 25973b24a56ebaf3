/**
 * Open event streams, counted per holder (a learner, or the instructor) and per host. Each
 * stream holds a response, a timer and often a woken cluster, so a script opening thousands
 * would exhaust the process. The next stream over a cap is refused (429), never the oldest
 * closed: a browser's EventSource reconnects a closed stream, so closing the oldest would make
 * two tabs take each other's slot forever, while a refused new tab says why and the open ones
 * keep working. The bench uses two streams per tab (cluster events and notices), so the default
 * per-learner cap lets three tabs stay live.
 */
import { LimitReachedError } from './limit-errors';

export const STREAMS_PER_HOLDER = 6;
export const STREAMS_PER_HOST = 2000;
/** The instructor is one trusted holder who may watch the board and several learners at once. */
export const INSTRUCTOR_STREAMS = 24;
/** What a refused stream is told to wait: a stream slot frees when a tab closes. */
const RETRY_AFTER_SECONDS = 10;

export class TooManyStreamsError extends LimitReachedError {
  constructor(readonly scope: 'learner' | 'host', readonly limit: number) {
    super(
      RETRY_AFTER_SECONDS,
      scope === 'learner'
        ? `you already have ${limit} live event streams open (each bench tab uses two); close another tab of this portal and reload this one`
        : `the portal holds ${limit} live event streams, the most it serves at once; try again in ${RETRY_AFTER_SECONDS} s`,
      'TooManyStreams',
    );
    this.name = 'TooManyStreamsError';
  }
}

export interface StreamSlotLimits {
  perHolder: number;
  perHost: number;
}

export class StreamSlots {
  private readonly byHolder = new Map<string, number>();
  private total = 0;

  constructor(readonly limits: StreamSlotLimits = { perHolder: STREAMS_PER_HOLDER, perHost: STREAMS_PER_HOST }) {}

  /** Takes a slot for `holder` or throws TooManyStreamsError; the returned release is idempotent. */
  acquire(holder: string, perHolder = this.limits.perHolder): () => void {
    const held = this.byHolder.get(holder) ?? 0;
    if (held >= perHolder) throw new TooManyStreamsError('learner', perHolder);
    if (this.total >= this.limits.perHost) throw new TooManyStreamsError('host', this.limits.perHost);
    this.byHolder.set(holder, held + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byHolder.get(holder) ?? 1) - 1;
      if (left > 0) this.byHolder.set(holder, left);
      else this.byHolder.delete(holder);
    };
  }

  heldBy(holder: string): number {
    return this.byHolder.get(holder) ?? 0;
  }

  get open(): number {
    return this.total;
  }
}

const KEY = Symbol.for('kubelab.streamSlots');

/** The process's one counter, on globalThis: Next's route bundles load their own copies of this module. */
export function portalStreamSlots(): StreamSlots {
  const g = globalThis as Record<symbol, StreamSlots | undefined>;
  return (g[KEY] ??= new StreamSlots());
}
