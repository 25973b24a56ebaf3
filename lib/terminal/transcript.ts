/**
 * What the terminal showed, kept so a tab switch or a reload can show it again. Only settled
 * text is kept (submitted lines with their prompt, and output), never the live prompt line's
 * redraws, so replaying it at another width is still right. Bounded: the oldest lines go first,
 * cut at a line break so no escape sequence is replayed half.
 */
export const TRANSCRIPT_LIMIT = 256 * 1024;

export function appendTranscript(prev: string, chunk: string, limit = TRANSCRIPT_LIMIT): string {
  const next = prev + chunk;
  if (next.length <= limit) return next;
  const cut = next.length - limit;
  const nl = next.indexOf('\n', cut);
  return nl < 0 ? '' : next.slice(nl + 1);
}

/** Reads a stored transcript, tolerating a missing or foreign value. */
export function readTranscript(stored: string | null, limit = TRANSCRIPT_LIMIT): string {
  if (typeof stored !== 'string') return '';
  return appendTranscript('', stored, limit);
}
