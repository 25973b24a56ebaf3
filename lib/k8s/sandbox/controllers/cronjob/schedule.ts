/**
 * CronJob schedules as robfig/cron v3 ParseStandard reads them (upstream cronjob_controllerv2.go
 * uses it): five fields, the @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly
 * macros, `@every <Go duration>`, and an optional `TZ=<zone>`/`CRON_TZ=<zone>` prefix.
 * Field matching is cron-parser's; everything robfig refuses (six fields, L/W/#) is refused.
 */
import { CronExpressionParser } from 'cron-parser';

export class UnparseableScheduleError extends Error {
  constructor(readonly schedule: string, reason: string) {
    super(`unparseable schedule: ${JSON.stringify(schedule)} : ${reason}`);
    this.name = 'UnparseableScheduleError';
  }
}

export class UnknownTimeZoneError extends Error {
  constructor(readonly timeZone: string) {
    super(`unknown time zone ${timeZone}`);
    this.name = 'UnknownTimeZoneError';
  }
}

export interface Schedule {
  /** The first activation strictly after epoch ms `after`, at whole seconds. */
  next(after: number): number;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const DURATION_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration for the positive values @every accepts (e.g. 1h30m, 90s, 1.5h). */
export function parseGoDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * DURATION_UNITS_MS[m[2]];
  return ms;
}

export function isValidTimeZone(tz: string): boolean {
  if (tz === '' || tz === 'UTC' || tz === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function everySchedule(spec: string, durationText: string): Schedule {
  const ms = parseGoDuration(durationText.trim());
  if (ms === undefined) throw new UnparseableScheduleError(spec, `failed to parse duration ${spec}: time: invalid duration "${durationText.trim()}"`);
  // robfig: below one second becomes one second, and sub-second parts are dropped.
  const period = Math.max(1000, ms - (ms % 1000));
  return { next: (after) => after - (after % 1000) + period };
}

/** Parses a schedule; timeZone (spec.timeZone) applies unless the schedule names its own TZ=. */
export function parseSchedule(spec: string, timeZone?: string): Schedule {
  let rest = spec.trim();
  let tz = timeZone || 'UTC';
  const tzPrefix = /^(?:CRON_)?TZ=(\S+)\s+/.exec(rest);
  if (tzPrefix) {
    tz = tzPrefix[1];
    rest = rest.slice(tzPrefix[0].length).trim();
  }
  if (!isValidTimeZone(tz)) throw new UnknownTimeZoneError(tz);
  if (tz === 'Local') tz = 'UTC';
  if (rest.startsWith('@every ')) return everySchedule(spec, rest.slice('@every '.length));
  if (rest.startsWith('@')) {
    const macro = MACROS[rest];
    if (!macro) throw new UnparseableScheduleError(spec, `unrecognized descriptor: ${rest}`);
    rest = macro;
  }
  const fields = rest.split(/\s+/);
  if (fields.length !== 5) throw new UnparseableScheduleError(spec, `expected exactly 5 fields, found ${fields.length}: ${rest}`);
  // robfig knows month and weekday names but none of the L, W, # and H extensions.
  if (fields.some((f) => /[LW#H]/i.test(f.replace(/[A-Za-z]{3}/g, '')))) throw new UnparseableScheduleError(spec, `unsupported character in ${rest}`);
  let expr: ReturnType<typeof CronExpressionParser.parse>;
  try {
    expr = CronExpressionParser.parse(rest, { currentDate: new Date(Date.UTC(2000, 0, 1)), tz });
    expr.next();
  } catch (err) {
    throw new UnparseableScheduleError(spec, (err as Error).message);
  }
  if (tz === 'UTC') return utcSchedule(expr, fields);
  // One parsed expression, re-positioned per question: parsing is the costly part.
  return {
    next: (after) => {
      expr.reset(new Date(after));
      return expr.next().getTime();
    },
  };
}

/**
 * UTC schedules (the usual case) answered with integer arithmetic over the parsed fields,
 * walking month → day → hour → minute: the same activations as cron-parser, without its
 * date-library cost on every question (a CronJob asks at every sync).
 */
function utcSchedule(expr: ReturnType<typeof CronExpressionParser.parse>, raw: string[]): Schedule {
  const f = expr.fields;
  const minutes = new Set(f.minute.values as number[]);
  const hours = new Set(f.hour.values as number[]);
  const doms = new Set((f.dayOfMonth.values as (number | string)[]).filter((v): v is number => typeof v === 'number'));
  const months = new Set(f.month.values as number[]);
  const dows = new Set((f.dayOfWeek.values as (number | string)[]).filter((v): v is number => typeof v === 'number').map((v) => v % 7));
  // robfig: if either day field starts with * (or ?), both must match; otherwise either may.
  const star = /^[*?]/.test(raw[2]) || /^[*?]/.test(raw[4]);
  const dayMatches = (d: Date) => {
    const a = doms.has(d.getUTCDate());
    const b = dows.has(d.getUTCDay());
    return star ? a && b : a || b;
  };
  return {
    next: (after) => {
      let t = Math.floor(after / 60_000) * 60_000 + 60_000;
      // Five years of days is more than any valid schedule needs (29 February).
      for (let guard = 0; guard < 5 * 366 * 24 * 60; guard++) {
        const d = new Date(t);
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth();
        if (!months.has(m + 1)) {
          t = Date.UTC(y, m + 1, 1);
          continue;
        }
        if (!dayMatches(d)) {
          t = Date.UTC(y, m, d.getUTCDate() + 1);
          continue;
        }
        if (!hours.has(d.getUTCHours())) {
          t = Date.UTC(y, m, d.getUTCDate(), d.getUTCHours() + 1);
          continue;
        }
        if (!minutes.has(d.getUTCMinutes())) {
          t += 60_000;
          continue;
        }
        return t;
      }
      // Unreachable for schedules cron-parser accepted; fall back to it rather than loop.
      expr.reset(new Date(after));
      return expr.next().getTime();
    },
  };
}
