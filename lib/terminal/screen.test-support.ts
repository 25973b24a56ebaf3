/**
 * A tiny model of a terminal screen for tests: printable text with xterm's pending-wrap
 * rule, CR, LF, and the CSI moves the renderer uses (A, B, C, D, J, K). Enough to check
 * what a learner would see after a series of redraws.
 */
export class Screen {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  private pendingWrap = false;
  constructor(readonly cols: number) {}

  write(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '\x1b' && s[i + 1] === '[') {
        let j = i + 2;
        while (j < s.length && /[0-9;?]/.test(s[j])) j++;
        this.csi(s.slice(i + 2, j), s[j]);
        i = j;
        continue;
      }
      if (c === '\r') {
        this.col = 0;
        this.pendingWrap = false;
      } else if (c === '\n') {
        this.row++;
        this.pendingWrap = false;
        this.ensure();
      } else {
        if (this.pendingWrap) {
          this.row++;
          this.col = 0;
          this.pendingWrap = false;
          this.ensure();
        }
        this.rows[this.row][this.col] = c;
        if (this.col === this.cols - 1) this.pendingWrap = true;
        else this.col++;
      }
    }
  }

  private ensure(): void {
    while (this.rows.length <= this.row) this.rows.push([]);
  }

  private csi(params: string, final: string): void {
    const n = Number(params || '1');
    this.pendingWrap = false;
    if (final === 'A') this.row = Math.max(0, this.row - n);
    else if (final === 'B') {
      this.row += n;
      this.ensure();
    } else if (final === 'C') this.col = Math.min(this.cols - 1, this.col + n);
    else if (final === 'D') this.col = Math.max(0, this.col - n);
    else if (final === 'J') {
      this.rows[this.row].length = this.col;
      this.rows.length = this.row + 1;
    } else if (final === 'K') this.rows[this.row].length = this.col;
  }

  /** The screen's text, one string per row, trailing blanks trimmed. */
  lines(): string[] {
    return this.rows.map((r) => Array.from({ length: r.length }, (_, i) => r[i] ?? ' ').join('').trimEnd());
  }

  text(): string {
    return this.lines().join('\n').trimEnd();
  }
}
