/**
 * CronJob spec.timeZone as upstream's validateTimeZone (pkg/apis/batch/validation) checks it:
 * empty is refused, each `/`-separated part must look like a zone file name, "Local" is refused
 * (it would mean the controller's own zone), and the name must load from the IANA database
 * (Go's time.LoadLocation, whose error is "unknown time zone <name>").
 */
import type { StatusCause } from '../../errors';
import { invalidValue } from './validation';

/** validTimeZoneCharacters in upstream's validation.go. */
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/**
 * The IANA database as ICU ships it. ICU also accepts names in any letter case and canonicalises
 * them ("europe/paris" -> "Europe/Paris"); Go's LoadLocation reads zone files by exact name, so a
 * name that differs from its canonical form only by case is refused here as Go would refuse it.
 */
export function ianaZoneExists(name: string): boolean {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  return resolved.toLowerCase() !== name.toLowerCase() || resolved === name;
}

export function validateTimeZone(timeZone: unknown, field = 'spec.timeZone'): StatusCause[] {
  if (timeZone === undefined || timeZone === null) return [];
  if (typeof timeZone !== 'string') return [invalidValue(field, timeZone, 'must be a string')];
  if (timeZone.length === 0) return [invalidValue(field, timeZone, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part)) {
      return [invalidValue(field, timeZone, `unknown time zone ${timeZone}`)];
    }
  }
  const out: StatusCause[] = [];
  if (timeZone.toLowerCase() === 'local') {
    out.push(invalidValue(field, timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  // LoadLocation("Local") succeeds in Go, so "Local" gets only the message above.
  if (timeZone !== 'Local' && !ianaZoneExists(timeZone)) out.push(invalidValue(field, timeZone, `unknown time zone ${timeZone}`));
  return out;
}
