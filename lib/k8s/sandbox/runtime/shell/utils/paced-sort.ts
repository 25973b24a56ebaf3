/**
 * A stable merge sort that charges its comparisons to a WorkMeter and yields when it says:
 * Array.prototype.sort over two million lines is one call that holds the portal's thread for
 * seconds. Runs of RUN items are sorted natively (each well under a millisecond), then merged
 * pairwise, a pass at a time, an item at a time.
 */
import type { WorkMeter } from './work';

export const RUN = 1024;
/** Work units of one comparison (see work.ts: a line walked is LINE_UNITS = 64). */
export const COMPARE_UNITS = 64;

export async function pacedSort<T>(items: T[], cmp: (a: T, b: T) => number, meter: WorkMeter): Promise<T[]> {
  let src = items.slice();
  for (let i = 0; i < src.length; i += RUN) {
    const run = src.slice(i, i + RUN).sort(cmp);
    for (let k = 0; k < run.length; k++) src[i + k] = run[k];
    const wait = meter.charge(run.length * Math.ceil(Math.log2(run.length + 1)) * COMPARE_UNITS);
    if (wait) await wait;
  }
  let dst = new Array<T>(src.length);
  for (let width = RUN; width < src.length; width *= 2) {
    for (let lo = 0; lo < src.length; lo += 2 * width) {
      const mid = Math.min(lo + width, src.length);
      const hi = Math.min(lo + 2 * width, src.length);
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) {
        // Stable: on a tie the left run's item goes first, as Array.prototype.sort keeps it.
        dst[o++] = cmp(src[b], src[a]) < 0 ? src[b++] : src[a++];
        if ((o & 255) === 0) {
          const wait = meter.charge(256 * COMPARE_UNITS);
          if (wait) await wait;
        }
      }
      while (a < mid) dst[o++] = src[a++];
      while (b < hi) dst[o++] = src[b++];
    }
    [src, dst] = [dst, src];
  }
  return src;
}
