/**
 * Which scheduled time a CronJob sync acts on (pkg/controller/cronjob/utils.go,
 * mostRecentScheduleTime / nextScheduleTime / nextScheduleTimeDuration). Only the most recent
 * unmet time is ever started, never a burst of catch-up runs.
 */
import type { Schedule } from './schedule';

/** More missed schedules than this raises TooManyMissedTimes (the latest still runs). */
export const TOO_MANY_MISSED_SCHEDULES = 100;
/** The controller wakes this long after a scheduled time, so the time has surely passed. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export class InvalidScheduleError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidScheduleError';
  }
}

export interface ScheduleState {
  creationMs: number;
  lastScheduleMs?: number;
  startingDeadlineSeconds?: number;
}

export interface MostRecent {
  earliest: number;
  mostRecent?: number;
  missed: number;
}

export function mostRecentScheduleTime(sched: Schedule, st: ScheduleState, now: number, includeStartingDeadline: boolean): MostRecent {
  let earliest = st.lastScheduleMs ?? st.creationMs;
  if (includeStartingDeadline && st.startingDeadlineSeconds !== undefined) {
    const deadline = now - st.startingDeadlineSeconds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = sched.next(earliest);
  const t2 = sched.next(t1);
  if (now < t1) return { earliest, missed: 0 };
  if (now < t2) return { earliest, mostRecent: t1, missed: 1 };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) throw new InvalidScheduleError('time difference between two schedules is less than 1 second');
  const missed = Math.floor((now - t1) / 1000 / between) + 1;
  // Jump close to now by the first interval, then let the schedule walk the rest, which keeps
  // irregular schedules (30 6-16/4 * * 1-5) exact.
  let mostRecent: number | undefined;
  const from = t1 + (missed - 2) * between * 1000;
  for (let t = sched.next(from); t <= now; t = sched.next(t)) mostRecent = t;
  return mostRecent === undefined ? { earliest, missed } : { earliest, mostRecent, missed };
}

/**
 * The time to start a Job for now, if one is due; `tooMany` asks for the TooManyMissedTimes
 * warning, whose message names `missed`, the rough count of schedules since the last one.
 */
export function nextScheduleTime(sched: Schedule, st: ScheduleState, now: number): { time?: number; tooMany: boolean; missed: number } {
  const r = mostRecentScheduleTime(sched, st, now, true);
  if (r.mostRecent === undefined || r.mostRecent > now) return { tooMany: false, missed: r.missed };
  return { time: r.mostRecent, tooMany: r.missed > TOO_MANY_MISSED_SCHEDULES, missed: r.missed };
}

/** Milliseconds until the sync after the next scheduled time. */
export function nextScheduleDelay(sched: Schedule, st: ScheduleState, now: number): number {
  let base: number;
  try {
    const r = mostRecentScheduleTime(sched, st, now, false);
    base = r.mostRecent ?? (r.missed === 0 ? r.earliest : now);
  } catch {
    // Still look again at some point: aim for the next slot from now.
    base = now;
  }
  return sched.next(base) + NEXT_SCHEDULE_DELTA_MS - now;
}
