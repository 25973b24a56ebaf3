/**
 * The worker's messages to the main thread, sent in batches: one postMessage for what one
 * callback of the worker posted instead of one per message. A class's watches made most of them (every
 * event to every watcher a 'data' message of its own), and postMessage was a tenth of the
 * sandbox worker's time under a class (scripts/bench/class-capacity.mjs capacity, profiled).
 * Consecutive byte chunks of one exchange, socket or stream in a batch go as one chunk, so the main
 * thread also writes each response once for the batch instead of once an event.
 *
 * Order is kept: messages go in the order they were posted, and a chunk joins the one before it
 * only when nothing else of its exchange came between.
 */
import { concatBytes } from '../../../bytes/concat-bytes';
import type { FromWorker } from './protocol';

type Chunked = Extract<FromWorker, { t: 'data' } | { t: 'sock' } | { t: 'streamData' }>;

const isChunked = (m: Unbatched): m is Chunked => m.t === 'data' || m.t === 'sock' || m.t === 'streamData';
type Unbatched = Exclude<FromWorker, { t: 'batch' }>;

/** Where a batch goes: the worker's parentPort (transfer: the chunks' buffers, moved rather than copied). */
export type BatchSink = (message: FromWorker, transfer: ArrayBuffer[]) => void;

/**
 * Schedules the flush: a microtask in the product, so a batch is what one callback posted (a
 * store write's events to every watcher) and waits for nothing else; tests may flush by hand.
 */
export type FlushScheduler = (flush: () => void) => void;

export class PostBatch {
  private messages: Unbatched[] = [];
  /** Per exchange or socket ('data:7', 'sock:3'): the pieces of its last message in this batch, when that message carries bytes. */
  private open = new Map<string, { message: Chunked; pieces: Uint8Array[] }>();
  /** Per exchange or socket: the kind of its last message in this batch (so a chunk after a 'head' does not join an older one). */
  private last = new Map<number, string>();
  private scheduled = false;

  constructor(private readonly sink: BatchSink, private readonly schedule: FlushScheduler = (f) => queueMicrotask(f)) {}

  /** Queues a message; chunk (a message's own bytes, see protocol.ownBytes) travels by transfer. */
  post(message: Unbatched): void {
    const streamKey = 'rid' in message ? `${isChunked(message) ? message.t : 'other'}:${message.rid}` : undefined;
    if (isChunked(message) && streamKey) {
      const open = this.open.get(streamKey);
      if (open && this.last.get(message.rid) === streamKey) open.pieces.push(message.chunk);
      else {
        const entry = { message: { ...message }, pieces: [message.chunk] };
        this.open.set(streamKey, entry);
        this.messages.push(entry.message);
      }
    } else this.messages.push(message);
    if ('rid' in message) this.last.set(message.rid, streamKey ?? '');
    // A call's answer goes at once, with what came before it: a burst of calls (a class waking
    // together) is answered one by one as each finishes, not after the rest of its callback.
    if (message.t === 'result') {
      this.flush();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.flush());
    }
  }

  /** Sends what is queued now, as one message (a single one goes as itself); a scheduled flush then finds nothing. */
  flush(): void {
    if (this.messages.length === 0) return;
    for (const { message, pieces } of this.open.values()) if (pieces.length > 1) message.chunk = concatBytes(pieces);
    const messages = this.messages;
    this.messages = [];
    this.scheduled = false;
    this.open = new Map();
    this.last = new Map();
    const transfer: ArrayBuffer[] = [];
    for (const m of messages) if (isChunked(m)) transfer.push(m.chunk.buffer as ArrayBuffer);
    this.sink(messages.length === 1 ? messages[0] : { t: 'batch', ms: messages }, transfer);
  }
}
