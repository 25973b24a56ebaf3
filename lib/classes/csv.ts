/**
 * The class as CSV for a gradebook, one row per learner. Cells are quoted per RFC 4180, and a
 * cell a spreadsheet would read as a formula (starting with =, +, -, @, or a tab or carriage
 * return, as OWASP's CSV-injection advice lists) is prefixed with ' so it stays text.
 */
import type { ClassOverview } from '../instructor/class-overview';

// Plain numbers (not "3/22", which a spreadsheet reads as a date); the quiz score is a percentage.
export const CSV_HEADER = ['name', 'lessons read', 'quiz score', 'steps passed', 'solutions seen', 'checklist', 'last seen'];

export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function classCsv(overview: ClassOverview): string {
  const lines = [CSV_HEADER.map(csvCell).join(',')];
  for (const l of overview.learners) {
    lines.push(
      [l.label, l.lessonsRead, Math.round(l.quizFraction * 100), l.stepsPassed, l.solutionsShown, l.checklistDone, l.lastSeenAt]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
