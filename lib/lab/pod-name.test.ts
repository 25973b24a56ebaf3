import { describe, expect, it } from 'vitest';
import { splitPodName } from './pod-name';

describe('splitting a pod name for a narrow chip', () => {
  it('keeps the generated suffix whole and lets the workload name be cut', () => {
    expect(splitPodName('log-collector-48prz')).toEqual({ head: 'log-collector', tail: '-48prz' });
    expect(splitPodName('web-7d9f8c6b5-x2x9q')).toEqual({ head: 'web-7d9f8c6b5', tail: '-x2x9q' });
    expect(splitPodName('db-0')).toEqual({ head: 'db', tail: '-0' });
  });

  it('keeps the last characters of a name without a suffix', () => {
    expect(splitPodName('standalone')).toEqual({ head: 'standa', tail: 'lone' });
    expect(splitPodName('short')).toEqual({ head: 'short', tail: '' });
  });
});
