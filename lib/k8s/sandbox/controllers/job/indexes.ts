/**
 * Completion indexes of Indexed Jobs as the API writes them in status.completedIndexes and
 * status.failedIndexes (pkg/controller/job/indexed_job_utils.go, orderedIntervals.String):
 * increasing, comma-separated, a run of three or more written `first-last`, two neighbours
 * written `a,b`. Example: 0,1,2,4,5,7 → "0-2,4,5,7".
 */

/**
 * How many indexes parseIndexes expands at most. A sandbox cluster holds at most 6,000 objects,
 * so the controller never writes a longer list; a longer one can only be a hand-written status
 * (such as "0-999999999"), and expanding it would hold the cluster's thread and memory.
 */
export const MAX_EXPANDED_INDEXES = 10_000;

/** Parses "1,3-5,7" into sorted unique indexes below completions; malformed parts are skipped as upstream logs and skips them. */
export function parseIndexes(text: string | undefined, completions: number): number[] {
  if (!text) return [];
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    for (let i = first; i <= last && i < completions; i++) {
      if (out.size >= MAX_EXPANDED_INDEXES) return [...out].sort((a, b) => a - b);
      out.add(i);
    }
  }
  return [...out].sort((a, b) => a - b);
}

export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const first = sorted[i];
    const last = sorted[j];
    if (last === first) parts.push(String(first));
    else if (last === first + 1) parts.push(`${first},${last}`);
    else parts.push(`${first}-${last}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The lowest `count` indexes below completions that are neither done nor running (firstPendingIndexes). */
export function firstPendingIndexes(count: number, completions: number, taken: Set<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!taken.has(i)) out.push(i);
  return out;
}
