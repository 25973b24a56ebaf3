import { describe, expect, it } from 'vitest';
import { StatusError } from '../errors';
import { fromMetaLabelSelector, matchesLabelSelector, metaSelectorMatches, parseLabelSelector } from './label-selector';

const m = (s: string, labels: Record<string, string>) => matchesLabelSelector(parseLabelSelector(s), labels);

describe('label selector strings', () => {
  it('matches equality and inequality', () => {
    expect(m('app=web', { app: 'web' })).toBe(true);
    expect(m('app==web', { app: 'db' })).toBe(false);
    expect(m('app!=web', {})).toBe(true);
    expect(m('app!=web', { app: 'web' })).toBe(false);
  });
  it('matches set-based requirements and existence', () => {
    expect(m('tier in (a, b),env notin (prod)', { tier: 'b', env: 'dev' })).toBe(true);
    expect(m('tier in (a,b)', { tier: 'c' })).toBe(false);
    expect(m('app', { app: '' })).toBe(true);
    expect(m('!app', { app: 'x' })).toBe(false);
    expect(m('example.com/role', { 'example.com/role': 'x' })).toBe(true);
  });
  it('selects everything with an empty selector', () => {
    expect(m('', {})).toBe(true);
  });
  it('rejects bad syntax with a 400 BadRequest', () => {
    let err: unknown;
    try {
      parseLabelSelector('app=we b=');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).code).toBe(400);
    expect((err as StatusError).message).toMatch(/unable to parse requirement/);
  });
});

describe('metav1.LabelSelector objects', () => {
  it('combines matchLabels and matchExpressions', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }, { key: 'gpu', operator: 'DoesNotExist' }] };
    expect(metaSelectorMatches(sel, { app: 'web', tier: 'fe' })).toBe(true);
    expect(metaSelectorMatches(sel, { app: 'web', gpu: '1' })).toBe(false);
  });
  it('selects nothing for a null selector and everything for an empty one', () => {
    expect(metaSelectorMatches(null, { a: 'b' })).toBe(false);
    expect(metaSelectorMatches({}, { a: 'b' })).toBe(true);
  });
  it('rejects an unknown operator', () => {
    expect(() => fromMetaLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt' }] })).toThrow(/not a valid label selector operator/);
  });
});
