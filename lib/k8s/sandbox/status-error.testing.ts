/** Test helper: runs fn and returns the StatusError it throws (anything else fails the test). */
import { StatusError } from './errors';

export function catchStatusError(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}
