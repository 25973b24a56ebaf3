/**
 * Wrong codes per client address: only failures count, so a class of thirty behind one school
 * address can all join within a minute, while a script guessing join or recovery codes gets
 * `capacity` wrong tries and then one every `refillSeconds`. One per process, in the portal
 * context (lib/portal/context.ts).
 */
import { requestClientAddress } from '../http/client-address';
import { TooManyCodeGuessesError } from './errors';

export class GuessLimiter {
  private readonly buckets = new Map<string, { failures: number; at: number }>();

  constructor(private readonly capacity: number, private readonly refillSeconds: number, private readonly now: () => number = Date.now) {}

  private level(key: string): { failures: number; at: number } {
    const t = this.now();
    const b = this.buckets.get(key) ?? { failures: 0, at: t };
    b.failures = Math.max(0, b.failures - (t - b.at) / 1000 / this.refillSeconds);
    b.at = t;
    return b;
  }

  /** Seconds until this address may try again; 0 when it may try now. */
  wait(key: string): number {
    const b = this.level(key);
    return b.failures + 1 > this.capacity ? Math.ceil((b.failures + 1 - this.capacity) * this.refillSeconds) : 0;
  }

  fail(key: string): void {
    const b = this.level(key);
    b.failures += 1;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.buckets.delete(this.buckets.keys().next().value!);
  }
}

export interface CodeGuessLimits {
  join: GuessLimiter;
  recovery: GuessLimiter;
}

/** The portal's allowances (one per process, in the portal context). */
export function newCodeGuessLimits(): CodeGuessLimits {
  // Join: 20 wrong codes, then one a 30 s. Recovery codes hand over a learner: 5, then one a minute.
  return { join: new GuessLimiter(20, 30), recovery: new GuessLimiter(5, 60) };
}

/**
 * Runs a code lookup under the address's allowance of wrong guesses: refused with 429 when
 * spent; a lookup that throws `isWrong` counts as a wrong guess.
 */
export function guarded<T>(req: Request, limiter: GuessLimiter, what: 'join' | 'recovery', isWrong: (err: unknown) => boolean, lookup: () => T): T {
  const address = requestClientAddress(req);
  const wait = limiter.wait(address);
  if (wait > 0) throw new TooManyCodeGuessesError(wait, what);
  try {
    return lookup();
  } catch (err) {
    if (isWrong(err)) limiter.fail(address);
    throw err;
  }
}
