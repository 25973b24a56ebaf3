/**
 * A CronJob schedule in plain words for the bench ("every 5 minutes", "every day at 02:00"),
 * covering the shapes the module uses; anything else is shown as the expression itself.
 */
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MACROS: Record<string, string> = {
  '@yearly': 'once a year, at midnight on 1 January',
  '@annually': 'once a year, at midnight on 1 January',
  '@monthly': 'once a month, at midnight on the 1st',
  '@weekly': 'once a week, at midnight on Sunday',
  '@daily': 'every day at midnight',
  '@midnight': 'every day at midnight',
  '@hourly': 'every hour, on the hour',
};

const pad = (n: string) => n.padStart(2, '0');
const isNum = (s: string) => /^\d+$/.test(s);

export function cronInWords(schedule: string, timeZone?: string): string {
  const zone = timeZone ? ` (${timeZone})` : ' (UTC)';
  const s = schedule.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  if (MACROS[s]) return MACROS[s] + (s === '@hourly' ? '' : zone);
  const every = /^@every\s+(.+)$/.exec(s);
  if (every) return `every ${every[1]}`;
  const f = s.split(/\s+/);
  if (f.length !== 5) return `on the schedule "${schedule}"`;
  const [min, hour, dom, mon, dow] = f;
  const anyDay = dom === '*' && mon === '*' && dow === '*';
  const step = /^\*\/(\d+)$/;
  if (anyDay && hour === '*') {
    if (min === '*' || min === '*/1') return 'every minute';
    const m = step.exec(min);
    if (m) return `every ${m[1]} minutes`;
    if (isNum(min)) return min === '0' ? 'every hour, on the hour' : `every hour at ${pad(min)} minutes past`;
  }
  if (anyDay && isNum(min)) {
    const h = step.exec(hour);
    if (h) return `every ${h[1]} hours at ${pad(min)} minutes past`;
    if (isNum(hour)) return `every day at ${pad(hour)}:${pad(min)}${zone}`;
  }
  if (isNum(min) && isNum(hour) && dom === '*' && mon === '*') {
    if (isNum(dow) && Number(dow) <= 7) return `every ${DAYS[Number(dow) % 7]} at ${pad(hour)}:${pad(min)}${zone}`;
    if (dow === '1-5') return `every weekday at ${pad(hour)}:${pad(min)}${zone}`;
  }
  if (isNum(min) && isNum(hour) && isNum(dom) && mon === '*' && dow === '*') return `on day ${dom} of every month at ${pad(hour)}:${pad(min)}${zone}`;
  return `on the schedule "${schedule}"`;
}
