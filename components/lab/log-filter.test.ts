import { describe, expect, it } from 'vitest';
import { LOG_FILTER_MAX, filterLog, logLines } from './log-filter';

const LOG = 'Starting\nProcessing item 1\nprocessing item 2\nerror: item 3 failed\nDone!\n';

describe('the log filter', () => {
  it('keeps every line when the filter is empty, and a final newline starts no line', () => {
    const f = filterLog(LOG, '');
    expect(f.total).toBe(5);
    expect(f.lines.map((l) => l.text)).toEqual(logLines(LOG));
  });

  it('keeps the lines that contain the text, whatever its case, with their line numbers', () => {
    const f = filterLog(LOG, 'PROCESSING');
    expect(f.lines.map((l) => [l.number, l.text])).toEqual([[2, 'Processing item 1'], [3, 'processing item 2']]);
    expect(f.total).toBe(5);
  });

  it('marks every match in a line, without overlaps', () => {
    expect(filterLog('aaaa\n', 'aa').lines[0].matches).toEqual([[0, 2], [2, 4]]);
    expect(filterLog('item 1 item 2\n', 'item').lines[0].matches).toEqual([[0, 4], [7, 11]]);
  });

  it('takes pattern characters literally', () => {
    expect(filterLog('a.*b\naxxb\n(x\n', '.*').lines.map((l) => l.text)).toEqual(['a.*b']);
    expect(filterLog('a.*b\naxxb\n(x\n', '(').lines.map((l) => l.text)).toEqual(['(x']);
  });

  it('finds nothing when no line matches, and says how many lines there were', () => {
    expect(filterLog(LOG, 'warning')).toEqual({ lines: [], total: 5 });
  });

  it('cuts a hostile query at its limit and stays linear on a large log', () => {
    const big = `${'a'.repeat(199)}b\n`.repeat(1000);
    const f = filterLog(big, `${'a'.repeat(LOG_FILTER_MAX - 1)}b${'c'.repeat(100_000)}`);
    expect(f.lines).toHaveLength(1000);
    expect(f.lines[0].matches).toEqual([[0, 200]]);
  });

  it('reads an empty log as no lines', () => {
    expect(filterLog('', 'x')).toEqual({ lines: [], total: 0 });
  });
});
