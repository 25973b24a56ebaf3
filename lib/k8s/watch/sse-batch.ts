/**
 * Server-sent event text gathered for one turn of the event loop and handed on as one chunk.
 *
 * A write in a learner's cluster sends several events at once (a pod, its Event, its owner's
 * status), and a class applying together sends thousands a second. Each chunk enqueued on the
 * route's ReadableStream costs a pass through the web stream, Next.js's pipe to the socket and
 * a write system call; joined per turn, the browser receives the same bytes in the same order
 * with one of each.
 */
export type Schedule = (flush: () => void) => void;

export class SseBatch {
  private parts: string[] = [];
  private scheduled = false;
  private closed = false;
  private readonly encoder = new TextEncoder();

  constructor(
    /** Takes one chunk; throws when the stream is gone (the batch then closes). */
    private readonly enqueue: (chunk: Uint8Array) => void,
    /** When the gathered text goes out: after the current turn (tests pass their own). */
    private readonly schedule: Schedule = (flush) => void setImmediate(flush),
    private readonly onGone: () => void = () => undefined,
  ) {}

  /** Queues text for this turn's chunk. */
  push(text: string): void {
    if (this.closed) return;
    this.parts.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Hands what is queued on now. */
  flush(): void {
    this.scheduled = false;
    if (this.closed || this.parts.length === 0) return;
    const text = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    this.parts = [];
    try {
      this.enqueue(this.encoder.encode(text));
    } catch {
      this.close();
      this.onGone();
    }
  }

  /** Drops what is queued; later pushes are ignored. */
  close(): void {
    this.closed = true;
    this.parts = [];
  }
}
