import { describe, expect, it } from 'vitest';
import { classCsv, csvCell } from './csv';
import type { ClassOverview, LearnerRow } from '../instructor/class-overview';

describe('CSV cells', () => {
  it('prefix formula-looking text with a quote so a spreadsheet keeps it as text', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('quote cells with commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('Ada')).toBe('Ada');
    expect(csvCell(3)).toBe('3');
  });
});

describe('the class CSV', () => {
  it('has a header and one row per learner with plain numbers', () => {
    const learner = { label: 'Ada', lessonsRead: 4, quizFraction: 0.756, stepsPassed: 3, solutionsShown: 1, checklistDone: 2, lastSeenAt: '2026-12-07T06:00:00.000Z' } as LearnerRow;
    const overview = { learners: [learner, { ...learner, label: '=cmd' }], lessonCount: 22, stepCount: 20, checklistCount: 8 } as ClassOverview;
    expect(classCsv(overview)).toBe('name,lessons read,quiz score,steps passed,solutions seen,checklist,last seen\r\nAda,4,76,3,1,2,2026-12-07T06:00:00.000Z\r\n\'=cmd,4,76,3,1,2,2026-12-07T06:00:00.000Z\r\n');
  });
});
