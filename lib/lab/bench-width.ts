/**
 * The width of the bench beside the lesson on large screens, as the learner drags the
 * split: kept between a readable lesson and a usable bench, and remembered.
 */
export const BENCH_MIN_PX = 360;
/** The lesson column keeps at least this much. */
export const LESSON_MIN_PX = 420;
export const BENCH_WIDTH_KEY = 'kubelab-bench-width';

/** The bench's width for a pointer at `pointerX` in a viewport `viewportWidth` wide (the bench is the rightmost column). */
export function benchWidthFor(pointerX: number, viewportWidth: number, sidebarPx = 240): number {
  const wanted = viewportWidth - pointerX;
  const max = Math.max(BENCH_MIN_PX, viewportWidth - sidebarPx - LESSON_MIN_PX);
  return Math.round(Math.min(max, Math.max(BENCH_MIN_PX, wanted)));
}

/** A stored width, if it is a sane number of pixels. */
export function storedBenchWidth(raw: string | null): number | undefined {
  const n = Number(raw);
  return Number.isFinite(n) && n >= BENCH_MIN_PX && n <= 4000 ? Math.round(n) : undefined;
}
