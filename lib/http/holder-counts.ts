/**
 * Slots counted per holder and in total, without the caps: the stream slots (stream-slots.ts)
 * and the kubectl run slots (lib/lab/kubectl/slots.ts) check their own caps and throw their own
 * errors, then take a slot here.
 */
export class HolderCounts {
  private readonly byHolder = new Map<string, number>();
  private count = 0;

  /** Counts one more slot for `holder`; the returned release is idempotent. */
  take(holder: string): () => void {
    this.byHolder.set(holder, this.heldBy(holder) + 1);
    this.count++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.count--;
      const left = (this.byHolder.get(holder) ?? 1) - 1;
      if (left > 0) this.byHolder.set(holder, left);
      else this.byHolder.delete(holder);
    };
  }

  heldBy(holder: string): number {
    return this.byHolder.get(holder) ?? 0;
  }

  get total(): number {
    return this.count;
  }
}
