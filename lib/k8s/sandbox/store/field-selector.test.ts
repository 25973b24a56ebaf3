import { describe, expect, it } from 'vitest';
import { matchesFieldSelector, parseFieldSelector } from './field-selector';

const pod = { metadata: { name: 'p', namespace: 'ns' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };

describe('field selectors', () => {
  it('matches dotted paths with =, == and !=', () => {
    expect(matchesFieldSelector(parseFieldSelector('metadata.name=p,spec.nodeName==n1'), pod)).toBe(true);
    expect(matchesFieldSelector(parseFieldSelector('status.phase!=Running'), pod)).toBe(false);
  });
  it('treats a missing field as the empty string', () => {
    expect(matchesFieldSelector(parseFieldSelector('spec.schedulerName='), pod)).toBe(true);
    expect(matchesFieldSelector(parseFieldSelector('involvedObject.kind!=Pod'), pod)).toBe(true);
  });
  it('rejects a requirement without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(/can't understand 'metadata.name'/);
  });
});
