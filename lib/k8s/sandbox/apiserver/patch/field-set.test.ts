import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../store/json-value';
import { addPath, hasPath, isNormalFieldSet } from './field-set';

describe('FieldsV1 trees', () => {
  it('says whether a path is already in a tree, the way addPath would find it', () => {
    const tree = {};
    addPath(tree, ['f:status', 'f:conditions', 'k:{"type":"Ready"}', '.']);
    expect(hasPath(tree, ['f:status', 'f:conditions', 'k:{"type":"Ready"}', '.'])).toBe(true);
    expect(hasPath(tree, ['f:status', 'f:conditions'])).toBe(true);
    expect(hasPath(tree, ['f:status', 'f:phase'])).toBe(false);
    expect(hasPath(tree, ['f:status', 'f:conditions', 'k:{"type":"Ready"}', '.', 'f:deeper'])).toBe(false);
  });

  it('remembers a frozen tree it found normal, and checks an unfrozen one again after it changes', () => {
    const frozen = deepFreeze({ 'f:spec': { 'f:replicas': {} } });
    expect(isNormalFieldSet(frozen)).toBe(true);
    expect(isNormalFieldSet(frozen)).toBe(true);
    const open: Record<string, unknown> = { 'f:spec': { 'f:replicas': {} } };
    expect(isNormalFieldSet(open)).toBe(true);
    (open['f:spec'] as Record<string, unknown>)['f:paused'] = true;
    expect(isNormalFieldSet(open)).toBe(false);
  });
});
