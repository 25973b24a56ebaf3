/**
 * Ages for the bench's cards. kubectl prints `<invalid>` for a timestamp more than a second in
 * the future (apimachinery's HumanDuration), and the sandbox's printers keep that; but the
 * bench's `now` is the browser's reading of the cluster clock, which at 60× can trail an event
 * the stream already delivered by a tick. The bench shows such an age as "0s", and a timestamp
 * it cannot read as "—", never `<invalid>` or `<unknown>`.
 */
import { humanDuration } from '../k8s/sandbox/pure';

export function benchAge(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string' || timestamp === '') return '—';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '—';
  return humanDuration(Math.max(0, now - t));
}
