/**
 * Where the learner was before a button sent them to the bench. On a phone the bench sits below
 * the whole lesson, so "Open in editor" scrolls thousands of pixels away; the bench then offers
 * "Back to the step", which scrolls back to this position.
 */
export const LEFT_STEP_EVENT = 'kubelab:left-step';

export interface LeftStep {
  /** window.scrollY before the jump. */
  scrollY: number;
}

/** The bench is stacked below the lesson below the xl breakpoint, where it is not a column of its own. */
export const BENCH_BELOW_LESSON_QUERY = '(max-width: 1279px)';

export function benchBelowLesson(): boolean {
  return typeof window !== 'undefined' && window.matchMedia(BENCH_BELOW_LESSON_QUERY).matches;
}

export function announceLeftStep(scrollY: number): void {
  window.dispatchEvent(new CustomEvent<LeftStep>(LEFT_STEP_EVENT, { detail: { scrollY } }));
}
