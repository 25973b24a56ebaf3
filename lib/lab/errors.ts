import { brandAcrossBundles } from '../errors/cross-bundle';

/**
 * Errors a lab route turns into an HTTP answer with a clear message. Branded: refusals thrown by
 * the portal context's objects (made by server.ts's copy of this module) are LabErrors in the
 * route bundles too (errors/cross-bundle.ts).
 */
export class LabError extends Error {
  constructor(readonly status: number, message: string, readonly code = 'LabError') {
    super(message);
    this.name = 'LabError';
  }
}
brandAcrossBundles(LabError, 'LabError');

export class NoSandboxError extends LabError {
  constructor() {
    super(503, 'the sandbox is not running in this process: start the portal with `npm start`', 'NoSandbox');
    this.name = 'NoSandboxError';
  }
}

export class CrossOriginError extends LabError {
  constructor(origin: string | null) {
    super(403, `cross-origin request refused (origin ${origin ?? 'missing'})`, 'CrossOrigin');
    this.name = 'CrossOriginError';
  }
}

export class RateLimitedError extends LabError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, `too many requests; try again in ${retryAfterSeconds} s`, 'RateLimited');
    this.name = 'RateLimitedError';
  }
}

export class NoLearnerError extends LabError {
  constructor() {
    super(401, 'your session is not known to this portal; reload the page to start a new one', 'NoLearner');
    this.name = 'NoLearnerError';
  }
}

export class BodyTooLargeError extends LabError {
  constructor(limit: number) {
    super(413, `request body larger than ${limit} bytes`, 'TooLarge');
    this.name = 'BodyTooLargeError';
  }
}
