/**
 * Byte chunks joined into one Uint8Array of its own (a fresh ArrayBuffer, never a view of a
 * shared pool, so it can be transferred to another thread). Pure: the browser uses it too.
 */
export function concatBytes(chunks: readonly Uint8Array[], size = chunks.reduce((n, c) => n + c.byteLength, 0)): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
