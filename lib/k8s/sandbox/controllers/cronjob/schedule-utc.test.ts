import { describe, expect, it } from 'vitest';
import { CronExpressionParser } from 'cron-parser';
import { parseSchedule } from './schedule';

const SPECS = ['*/1 * * * *', '*/5 * * * *', '0 * * * *', '15,45 * * * *', '0 2 * * *', '30 2 * * 0', '0 9 * * 1-5', '0 3 1 * *', '0 0 29 2 *', '0 0 1,15 * 5', '*/7 3-5 * * *', '0 0 * * 7', '@hourly', '@daily', '@weekly', '@monthly', '@yearly', '5 4 * jan-mar mon'];

describe('UTC schedules', () => {
  it.each(SPECS)('%s gives the same activations as cron-parser', (spec) => {
    const sched = parseSchedule(spec);
    const macro: Record<string, string> = { '@hourly': '0 * * * *', '@daily': '0 0 * * *', '@weekly': '0 0 * * 0', '@monthly': '0 0 1 * *', '@yearly': '0 0 1 1 *' };
    const expr = CronExpressionParser.parse(macro[spec] ?? spec, { tz: 'UTC' });
    let t = Date.UTC(2024, 0, 30, 23, 59, 30);
    for (let i = 0; i < 40; i++) {
      expr.reset(new Date(t));
      const want = expr.next().getTime();
      const got = sched.next(t);
      expect(new Date(got).toISOString(), `after ${new Date(t).toISOString()}`).toBe(new Date(want).toISOString());
      t = got + (i % 3 === 0 ? 0 : 17_000);
    }
  });
});
