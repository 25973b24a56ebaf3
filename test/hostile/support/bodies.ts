/** Request bodies a hostile client sends: big, streamed without a length, deeply nested. */

/** `total` bytes in 64 KiB chunks, as a generator for a chunked (length-less) body. */
export function chunks(total: number, fill = 'a'): () => AsyncGenerator<Buffer> {
  const piece = Buffer.alloc(64 * 1024, fill);
  return async function* () {
    for (let sent = 0; sent < total; sent += piece.length) yield sent + piece.length <= total ? piece : piece.subarray(0, total - sent);
  };
}

/** A JSON body that opens a string field and then streams `total` bytes inside it (valid JSON if ever finished). */
export function jsonWithHugeString(field: string, total: number): () => AsyncGenerator<Buffer> {
  const inner = chunks(total);
  return async function* () {
    yield Buffer.from(`{"${field}": "`);
    yield* inner();
    yield Buffer.from('"}');
  };
}

export const MiB = 1024 * 1024;
