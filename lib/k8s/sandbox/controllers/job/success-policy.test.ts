import { describe, expect, it } from 'vitest';
import { matchSuccessPolicy } from './success-policy';

describe('successPolicy rules', () => {
  it('holds a succeededCount rule once that many indexes succeeded, whichever they are', () => {
    const policy = { rules: [{ succeededCount: 2 }] };
    expect(matchSuccessPolicy(policy, 5, [3])).toBeUndefined();
    expect(matchSuccessPolicy(policy, 5, [1, 4])).toBe('Matched rules at index 0');
  });

  it('holds a succeededIndexes rule only when every index of its set succeeded', () => {
    const policy = { rules: [{ succeededIndexes: '0,2-3' }] };
    expect(matchSuccessPolicy(policy, 5, [0, 2, 4])).toBeUndefined();
    expect(matchSuccessPolicy(policy, 5, [0, 2, 3])).toBe('Matched rules at index 0');
  });

  it('with both fields, counts only the succeeded indexes inside the set', () => {
    const policy = { rules: [{ succeededIndexes: '0-2', succeededCount: 2 }] };
    expect(matchSuccessPolicy(policy, 5, [0, 3, 4])).toBeUndefined();
    expect(matchSuccessPolicy(policy, 5, [0, 2])).toBe('Matched rules at index 0');
  });

  it('names the first rule that holds, reading them in order', () => {
    const policy = { rules: [{ succeededIndexes: '0' }, { succeededCount: 1 }, { succeededCount: 1 }] };
    expect(matchSuccessPolicy(policy, 3, [2])).toBe('Matched rules at index 1');
  });

  it('never holds without a policy, without successes, or for a set it cannot read', () => {
    expect(matchSuccessPolicy(undefined, 3, [0, 1, 2])).toBeUndefined();
    expect(matchSuccessPolicy({ rules: [{ succeededCount: 0 }] }, 3, [])).toBeUndefined();
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '7-9' }] }, 3, [0, 1, 2])).toBeUndefined();
  });

  it('reads a rule naming a billion indexes as intervals, without expanding it', () => {
    const policy = { rules: [{ succeededIndexes: '0-999999999', succeededCount: 2 }] };
    expect(matchSuccessPolicy(policy, 1_000_000_000, [5, 70_000_000])).toBe('Matched rules at index 0');
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-999999999' }] }, 1_000_000_000, [1, 2, 3])).toBeUndefined();
    // Expanding the set would exhaust the heap long before these answers come back.
  });
});

