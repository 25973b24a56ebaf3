/** Refusals of the portal's per-host limits: each says which limit, and when to try again or what to do instead. */
import { LabError } from '../lab/errors';

export class LimitReachedError extends LabError {
  constructor(readonly retryAfterSeconds: number, message: string, code: string) {
    super(429, message, code);
    this.name = 'LimitReachedError';
  }
}

export class TooManyNewSessionsError extends LimitReachedError {
  constructor(retryAfterSeconds: number, perMinute: number) {
    super(retryAfterSeconds, `this address started ${perMinute} new lab clusters in the last minute, the most allowed; try again in ${retryAfterSeconds} s (an instructor raises KUBELAB_SESSIONS_PER_MINUTE for a class behind one address)`, 'TooManyNewSessions');
    this.name = 'TooManyNewSessionsError';
  }
}

export class TooManyResetsError extends LimitReachedError {
  constructor(retryAfterSeconds: number, perMinute: number) {
    super(retryAfterSeconds, `a cluster can be reset ${perMinute} times a minute; try again in ${retryAfterSeconds} s`, 'TooManyResets');
    this.name = 'TooManyResetsError';
  }
}

export class TooManyImportsError extends LimitReachedError {
  constructor(retryAfterSeconds: number, perHour: number) {
    super(retryAfterSeconds, `progress can be imported ${perHour} times an hour; try again in ${retryAfterSeconds} s`, 'TooManyImports');
    this.name = 'TooManyImportsError';
  }
}
