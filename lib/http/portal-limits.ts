/**
 * Per-host limits on the portal's routes, so one client cannot fill memory or disk through
 * them: new learner clusters per client address, cluster resets per learner, progress imports
 * per learner. Token buckets (lib/lab/rate-limit.ts): a burst of the whole allowance, then the
 * allowance spread over its period. One per process, in the portal context
 * (lib/portal/context.ts).
 */
import { RateLimiter } from '../lab/rate-limit';
import type { Env } from './secure-cookie';

export interface PortalLimitSettings {
  /** New learner clusters per client address per minute (KUBELAB_SESSIONS_PER_MINUTE). */
  sessionsPerMinute: number;
  /** Cluster resets per learner per minute. */
  resetsPerMinute: number;
  /** Progress imports per learner per hour. */
  importsPerHour: number;
}

export const DEFAULT_LIMITS: PortalLimitSettings = { sessionsPerMinute: 10, resetsPerMinute: 3, importsPerHour: 10 };

export class LimitSettingError extends Error {
  constructor(name: string, value: string) {
    super(`${name}=${value}: expected a whole number from 1 to 100000`);
    this.name = 'LimitSettingError';
  }
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new LimitSettingError(name, raw);
  return n;
}

export function limitSettings(env: Env): PortalLimitSettings {
  return {
    sessionsPerMinute: positive(env, 'KUBELAB_SESSIONS_PER_MINUTE', DEFAULT_LIMITS.sessionsPerMinute),
    resetsPerMinute: positive(env, 'KUBELAB_RESETS_PER_MINUTE', DEFAULT_LIMITS.resetsPerMinute),
    importsPerHour: positive(env, 'KUBELAB_IMPORTS_PER_HOUR', DEFAULT_LIMITS.importsPerHour),
  };
}

export class PortalLimits {
  readonly newSessions: RateLimiter;
  readonly resets: RateLimiter;
  readonly imports: RateLimiter;

  constructor(readonly settings: PortalLimitSettings, now: () => number = Date.now) {
    this.newSessions = new RateLimiter(settings.sessionsPerMinute, settings.sessionsPerMinute / 60, now);
    this.resets = new RateLimiter(settings.resetsPerMinute, settings.resetsPerMinute / 60, now);
    this.imports = new RateLimiter(settings.importsPerHour, settings.importsPerHour / 3600, now);
  }
}
