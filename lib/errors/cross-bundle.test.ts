import { describe, expect, it } from 'vitest';
import { brandAcrossBundles } from './cross-bundle';

/** Two copies of the same classes, as server.ts and a route bundle each load their own. */
function copyOfModule() {
  class BaseError extends Error {}
  brandAcrossBundles(BaseError, 'TestBase');
  class ChildError extends BaseError {}
  class Unbranded extends Error {}
  return { BaseError, ChildError, Unbranded };
}

describe('an error class branded across bundles', () => {
  const server = copyOfModule();
  const route = copyOfModule();

  it('recognises instances made by another copy of its module, subclasses included', () => {
    expect(new server.BaseError('x') instanceof route.BaseError).toBe(true);
    expect(new server.ChildError('x') instanceof route.BaseError).toBe(true);
  });

  it('keeps ordinary instanceof for unbranded subclasses and other errors', () => {
    expect(new server.ChildError('x') instanceof server.ChildError).toBe(true);
    expect(new server.BaseError('x') instanceof server.ChildError).toBe(false);
    expect(new server.ChildError('x') instanceof route.ChildError).toBe(false);
    expect(new Error('x') instanceof route.BaseError).toBe(false);
    expect(new server.Unbranded('x') instanceof route.Unbranded).toBe(false);
    expect((null as unknown as object) instanceof route.BaseError).toBe(false);
  });
});
