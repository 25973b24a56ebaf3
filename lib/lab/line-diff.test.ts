import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff';

describe('line diff', () => {
  it('marks removed and added lines and keeps nearby context', () => {
    const d = lineDiff('a\nb\nc\nd\ne\nf\ng\n', 'a\nb\nc\nD\ne\nf\ng\n');
    expect(d.filter((l) => l.op !== ' ')).toEqual([{ op: '-', text: 'd' }, { op: '+', text: 'D' }]);
    expect(d.filter((l) => l.near).map((l) => l.text)).toEqual(['b', 'c', 'e', 'f']);
  });
  it('treats an empty side as all added', () => {
    expect(lineDiff('', 'x\ny')).toEqual([{ op: '+', text: 'x' }, { op: '+', text: 'y' }]);
  });
});
