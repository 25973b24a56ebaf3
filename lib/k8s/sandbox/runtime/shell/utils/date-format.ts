/**
 * date(1) output in UTC (containers run with TZ unset): the default format of busybox date,
 * `Sat Nov 28 22:46:52 UTC 2026`, strftime conversions, and -I / -R.
 */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const p2 = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 week-based year and week number (%G, %V). */
function isoWeek(d: Date): { year: number; week: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { year: t.getUTCFullYear(), week: Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7) };
}

export function strftime(format: string, ms: number): string {
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const H = d.getUTCHours();
  const M = d.getUTCMinutes();
  const S = d.getUTCSeconds();
  const wd = d.getUTCDay();
  const yday = Math.floor((Date.UTC(Y, m, day) - Date.UTC(Y, 0, 1)) / 86400000) + 1;
  return format.replace(/%([a-zA-Z%+])/g, (all, c: string) => {
    switch (c) {
      case 'Y': return String(Y);
      case 'y': return p2(Y % 100);
      case 'C': return p2(Math.floor(Y / 100));
      case 'm': return p2(m + 1);
      case 'd': return p2(day);
      case 'e': return String(day).padStart(2);
      case 'H': return p2(H);
      case 'k': return String(H).padStart(2);
      case 'I': return p2(H % 12 || 12);
      case 'l': return String(H % 12 || 12).padStart(2);
      case 'M': return p2(M);
      case 'S': return p2(S);
      case 'N': return String((ms % 1000) * 1_000_000).padStart(9, '0');
      case 'p': return H < 12 ? 'AM' : 'PM';
      case 'P': return H < 12 ? 'am' : 'pm';
      case 's': return String(Math.floor(ms / 1000));
      case 'a': return DAYS[wd].slice(0, 3);
      case 'A': return DAYS[wd];
      case 'b':
      case 'h': return MONTHS[m].slice(0, 3);
      case 'B': return MONTHS[m];
      case 'j': return String(yday).padStart(3, '0');
      case 'u': return String(wd || 7);
      case 'w': return String(wd);
      case 'G': return String(isoWeek(d).year);
      case 'V': return p2(isoWeek(d).week);
      case 'U': return p2(Math.floor((yday + 6 - wd) / 7));
      case 'F': return `${Y}-${p2(m + 1)}-${p2(day)}`;
      case 'T': return `${p2(H)}:${p2(M)}:${p2(S)}`;
      case 'R': return `${p2(H)}:${p2(M)}`;
      case 'D': return `${p2(m + 1)}/${p2(day)}/${p2(Y % 100)}`;
      case 'c': return `${DAYS[wd].slice(0, 3)} ${MONTHS[m].slice(0, 3)} ${String(day).padStart(2)} ${p2(H)}:${p2(M)}:${p2(S)} ${Y}`;
      case 'x': return `${p2(m + 1)}/${p2(day)}/${p2(Y % 100)}`;
      case 'X': return `${p2(H)}:${p2(M)}:${p2(S)}`;
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case 'n': return '\n';
      case 't': return '\t';
      case '%': return '%';
      default: return all;
    }
  });
}

/** busybox date with no format: `Sat Nov 28 22:46:52 UTC 2026`. */
export const DEFAULT_DATE_FORMAT = '%a %b %e %H:%M:%S %Z %Y';

/** date -I[date|hours|minutes|seconds]. */
export function isoDate(ms: number, spec: string): string {
  const base = strftime('%Y-%m-%d', ms);
  switch (spec) {
    case 'hours': return `${base}T${strftime('%H', ms)}+00:00`;
    case 'minutes': return `${base}T${strftime('%H:%M', ms)}+00:00`;
    case 'seconds': return `${base}T${strftime('%H:%M:%S', ms)}+00:00`;
    default: return base;
  }
}
