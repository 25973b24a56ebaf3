/**
 * Open event streams, counted per holder (a learner, or the instructor) and per host. Each
 * stream holds a response, a timer and often a woken cluster, so a script opening thousands
 * would exhaust the process. The next stream over a cap is refused (429), never the oldest
 * closed: a browser's EventSource reconnects a closed stream, so closing the oldest would make
 * two tabs take each other's slot forever, while a refused new tab says why and the open ones
 * keep working. The bench uses two streams per tab (cluster events and notices), so the default
 * per-learner cap lets three tabs stay live.
 */
import { HolderCounts } from './holder-counts';
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
  private readonly counts = new HolderCounts();

  constructor(readonly limits: StreamSlotLimits = { perHolder: STREAMS_PER_HOLDER, perHost: STREAMS_PER_HOST }) {}

  /** Takes a slot for `holder` or throws TooManyStreamsError; the returned release is idempotent. */
  acquire(holder: string, perHolder = this.limits.perHolder): () => void {
    if (this.counts.heldBy(holder) >= perHolder) throw new TooManyStreamsError('learner', perHolder);
    if (this.counts.total >= this.limits.perHost) throw new TooManyStreamsError('host', this.limits.perHost);
    return this.counts.take(holder);
  }

  heldBy(holder: string): number {
    return this.counts.heldBy(holder);
  }

  get open(): number {
    return this.counts.total;
  }
}
