import { describe, expect, it } from 'vitest';
import { moduleScoreDetail } from './score-words';

describe('the progress page\'s module score', () => {
  it('says what the percentage is a share of, so one quiz passed at 100 % does not read as failing', () => {
    expect(moduleScoreDetail({ points: 5, total: 57, fraction: 0.09, answered: 5 })).toBe("5 of the module's 57 quiz questions right so far (9 % of all of them)");
  });

  it('shows partial points with one decimal', () => {
    expect(moduleScoreDetail({ points: 4.6667, total: 57, fraction: 0.08, answered: 5 })).toBe("4.7 of the module's 57 quiz questions right so far (8 % of all of them)");
  });

  it('says nothing is answered yet instead of 0 %', () => {
    expect(moduleScoreDetail({ points: 0, total: 57, fraction: 0, answered: 0 })).toBe("none of the module's 57 quiz questions answered yet");
  });
});
