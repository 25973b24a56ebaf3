import { describe, expect, it } from 'vitest';
import { ianaZoneExists, validateTimeZone } from './time-zone';

const messages = (tz: unknown) => validateTimeZone(tz).map((c) => `${c.field}: ${c.message}`);

describe('validateTimeZone', () => {
  it('accepts an absent time zone and IANA names, aliases included', () => {
    for (const tz of [undefined, 'UTC', 'Etc/UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'US/Eastern', 'Etc/GMT+5']) {
      expect(messages(tz), String(tz)).toEqual([]);
    }
  });

  it('refuses a name missing from the IANA database with time.LoadLocation\'s message', () => {
    expect(messages('Mars/Olympus')).toEqual(['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
  });

  it('refuses a name in the wrong letter case, as Go reads zone files by exact name', () => {
    expect(ianaZoneExists('europe/paris')).toBe(false);
    expect(messages('utc')).toEqual(['spec.timeZone: Invalid value: "utc": unknown time zone utc']);
  });

  it('refuses path tricks and characters no zone file name has', () => {
    for (const tz of ['../etc/passwd', 'Europe/./Paris', '-x/y', '+01:00', 'Europe/Paris ', 'A'.repeat(15)]) {
      expect(messages(tz), tz).toEqual([`spec.timeZone: Invalid value: ${JSON.stringify(tz)}: unknown time zone ${tz}`]);
    }
  });

  it('refuses an empty string and Local with upstream\'s own messages', () => {
    expect(messages('')).toEqual(['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']);
    expect(messages('Local')).toEqual(['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']);
    expect(messages('local')).toHaveLength(2);
  });
});
