/**
 * The instructor's side of the portal process: whether a request carries the instructor
 * token or an instructor session, and the class overview built from the learners' database and their sandbox clusters.
 */
import { loadExercises } from '../exercises/definitions';
import { moduleLessons } from '../content/lessons';
import { portalContext } from '../portal/context';
import { dataDirectory } from '../lab/context';
import { clusterHealth, refreshClusterHealth } from '../classes/portal';
import { INSTRUCTOR_COOKIE, instructorToken, tokenMatches } from './access';
import { InstructorSessions } from './instructor-sessions';
import { classOverview, type ClassOverview, type ExerciseOutline } from './class-overview';
import { activeLinkDigests, tokenDigest } from '../classes/instructor-links';

let expected: string | undefined;

export function isInstructorToken(candidate: string | undefined | null): boolean {
  // Read once per process: the token is fixed while the server runs (server.ts made it at start).
  expected ??= instructorToken(dataDirectory());
  if (tokenMatches(expected, candidate)) return true;
  // A link another instructor minted (lib/classes/instructor-links.ts), unless revoked.
  return Boolean(candidate) && candidate!.length <= 128 && activeLinkDigests(portalContext().db).has(tokenDigest(candidate!));
}

/** The token link's exchange: a new session id for the cookie (the caller checked the token it passes). */
export function openInstructorSession(token?: string): string {
  expected ??= instructorToken(dataDirectory());
  return new InstructorSessions(dataDirectory()).open(token ?? expected);
}

/** Whether an instructor cookie names an open session (opened with the token or a link not revoked since). */
export function isInstructorSession(sessionId: string | undefined | null): boolean {
  expected ??= instructorToken(dataDirectory());
  if (!sessionId) return false;
  return new InstructorSessions(dataDirectory()).isOpenFor(sessionId, new Set([tokenDigest(expected), ...activeLinkDigests(portalContext().db)]));
}

export { INSTRUCTOR_COOKIE };

let outline: ExerciseOutline[] | undefined;
export function exerciseOutline(): ExerciseOutline[] {
  // Definitions are content: read once per process, like the lessons. Each exercise is a
  // lesson of the same slug; the overview lists them in the module's order (5.1 before the challenges).
  const order = new Map(moduleLessons().map((l, i) => [l.slug, i]));
  outline ??= loadExercises()
    .sort((a, b) => (order.get(a.exercise) ?? Infinity) - (order.get(b.exercise) ?? Infinity))
    .map((e) => ({ exercise: e.exercise, title: e.title, steps: e.steps.map((s) => ({ id: s.id, title: s.title })) }));
  return outline;
}

export async function portalClassOverview(now = new Date(), classId?: string): Promise<ClassOverview> {
  const ctx = portalContext();
  const input = { db: ctx.db, classId, exercises: exerciseOutline(), lessonCount: moduleLessons().length, now };
  // Each awake cluster is asked for its pods' health where it runs (a worker thread), then read.
  await refreshClusterHealth(ctx, classOverview(input).learners.map((l) => l.id));
  return classOverview({ ...input, clusterHealth: (learnerId) => clusterHealth(ctx, learnerId) });
}
