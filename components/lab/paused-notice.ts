/**
 * The bench's words for a cluster that slept: how long its clock was paused, in the two
 * largest units that matter ("2 days 3 h", "1 h 5 min", "12 min"). Short pauses (a restart,
 * a slot handed over and back) are not worth a notice.
 */
export const PAUSE_WORTH_TELLING_SECONDS = 60;

export function describePause(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  if (days > 0) return hours > 0 ? `${days} ${days === 1 ? 'day' : 'days'} ${hours} h` : `${days} ${days === 1 ? 'day' : 'days'}`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return `${s} s`;
}

/** The sentence the bench shows once after a wake, or undefined when there is nothing worth telling. */
export function pausedNotice(pausedSeconds: number | undefined): string | undefined {
  if (pausedSeconds === undefined || pausedSeconds < PAUSE_WORTH_TELLING_SECONDS) return undefined;
  return `Your cluster was paused for ${describePause(pausedSeconds)} while nobody used it; its clock resumed where it stopped, so your CronJobs and pods are where you left them.`;
}
