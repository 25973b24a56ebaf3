/**
 * A line diff (longest common subsequence) for the bench's Diff view; lines within two of a
 * change are marked `near` so the view can show context without the whole object.
 */
export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
  near?: boolean;
}

/** Inputs beyond this many lines are compared as wholes: the view is for manifests, not logs. */
const MAX_LINES = 4000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before ? before.replace(/\n$/, '').split('\n') : [];
  const b = after ? after.replace(/\n$/, '').split('\n') : [];
  if (a.length > MAX_LINES || b.length > MAX_LINES) return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: '-', text: a[i++] });
    else out.push({ op: '+', text: b[j++] });
  }
  while (i < n) out.push({ op: '-', text: a[i++] });
  while (j < m) out.push({ op: '+', text: b[j++] });
  out.forEach((l, k) => {
    if (l.op !== ' ') return;
    for (let d = -2; d <= 2; d++) if (out[k + d] && out[k + d].op !== ' ') l.near = true;
  });
  return out;
}
