/** Small formatting shared by the instructor's tables. */

export const pct = (f: number) => `${Math.round(f * 100)} %`;

/** "just now", "4 min ago", "2 h ago", "3 days ago": how long since an ISO time. */
export function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86_400);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** exercise-5-1-daemonsets → "Ex 5.1", challenge-5-2-data-pipeline → "Ch 5.2". */
export function exerciseShortName(id: string): string {
  const m = /^(exercise|challenge)-(\d+)-(\d+)/.exec(id);
  return m ? `${m[1] === 'exercise' ? 'Ex' : 'Ch'} ${m[2]}.${m[3]}` : id;
}
