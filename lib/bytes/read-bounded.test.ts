import { describe, expect, it } from 'vitest';
import { readBounded, StreamTooLargeError } from './read-bounded';

/** A stream of `count` chunks of `size` bytes, noting how many were pulled and whether it was cancelled. */
function chunks(count: number, size: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (seen.pulled === count) return c.close();
      seen.pulled++;
      c.enqueue(new Uint8Array(size).fill(65));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

describe('readBounded', () => {
  it('returns every byte of a stream within the limit', async () => {
    const { stream } = chunks(3, 4);
    expect(Buffer.from(await readBounded(stream, 12)).toString()).toBe('A'.repeat(12));
  });

  it('cancels a stream as soon as it passes the limit and reads no further', async () => {
    const { stream, seen } = chunks(1000, 1024);
    await expect(readBounded(stream, 4096)).rejects.toThrow(StreamTooLargeError);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThan(10);
  });
});
