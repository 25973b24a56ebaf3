import { concatBytes } from './concat-bytes';

/** A stream went past the bytes its reader allows; the rest was not read. */
export class StreamTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
    this.name = 'StreamTooLargeError';
  }
}

/**
 * A stream's bytes, counted as they arrive: past `limit` the stream is cancelled at once and
 * StreamTooLargeError thrown, whatever a length header promised (a chunked body has none).
 */
export async function readBounded(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new StreamTooLargeError(limit);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, size);
}
