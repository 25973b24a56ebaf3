/**
 * Something other than the clock bar moved the cluster's clock (a Try-it's "skip ahead"): the
 * bar listens for this event and reads the clock again, so it never shows a stale speed or time.
 */
export const CLOCK_CHANGED_EVENT = 'kubelab:clock-changed';

export function announceClockChange(): void {
  window.dispatchEvent(new Event(CLOCK_CHANGED_EVENT));
}
