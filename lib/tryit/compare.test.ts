import { describe, expect, it } from 'vitest';
import { covers, normalizeOptions, PredictionOptionError, verdict } from './compare';

describe('comparing a prediction with the cluster', () => {
  const options = normalizeOptions(['3', '4', { label: 'about 30 s', range: [20, 45] }]);

  it('reads a bare string option as its own label and value', () => {
    expect(options[0]).toEqual({ label: '3' });
  });

  it('matches a number observed against a string option, ignoring case and spaces', () => {
    expect(covers(options[1], 4)).toBe(true);
    expect(covers({ label: ' Failed ' }, 'failed')).toBe(true);
    expect(covers(options[0], 4)).toBe(false);
  });

  it('matches a duration inside a range option, ends included, and not outside it', () => {
    expect(covers(options[2], 20)).toBe(true);
    expect(covers(options[2], 45)).toBe(true);
    expect(covers(options[2], 46)).toBe(false);
    expect(covers(options[2], 'Failed')).toBe(false);
  });

  it('says the prediction was right when the predicted option covers the observation', () => {
    const v = verdict(options, options[1], 4);
    expect(v.right).toBe(true);
    expect(v.message).toBe('You predicted “4”, and that is what happened.');
  });

  it('names the option that did happen when the prediction was wrong', () => {
    const v = verdict(options, options[0], 4);
    expect(v).toMatchObject({ right: false, actual: { label: '4' } });
    expect(v.message).toBe('You predicted “3”; your cluster showed “4”.');
  });

  it('shows the raw observation when no option covers it', () => {
    expect(verdict(options, options[0], 7).message).toBe('You predicted “3”; your cluster showed “7”.');
  });

  it('refuses an option without a label or with a reversed range', () => {
    expect(() => normalizeOptions([{ label: '' }])).toThrow(PredictionOptionError);
    expect(() => normalizeOptions([{ label: 'x', range: [5, 1] }])).toThrow(/range must be \[low, high\]/);
  });
});
