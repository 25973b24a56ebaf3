import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchResults, replaceSection, sectionText } from './record.mjs';

const row = { figure: 'wake p95', value: '55 ms', command: 'npx tsx scripts/bench/wake.ts', date: '2026-12-07', machine: '2 cores' };

describe('bench results in RESULTS.md', () => {
  it('replaces only the named section and keeps the others as they were', () => {
    const md = '# Benchmark results\n\nintro\n\n## advance\n\nold advance\n\n## wake\n\nold wake\n\n## zeta\n\nkept\n';
    const out = replaceSection(md, 'wake', sectionText('wake', [row]));
    expect(out).toContain('old advance');
    expect(out).toContain('## zeta\n\nkept');
    expect(out).not.toContain('old wake');
    expect(out).toContain('| wake p95 | 55 ms | `npx tsx scripts/bench/wake.ts` | 2026-12-07 | 2 cores |');
  });

  it('appends a section for a bench that has none yet, and escapes pipes in cells', () => {
    const out = replaceSection('# Benchmark results\n', 'new-bench', sectionText('new-bench', [{ ...row, figure: 'a | b' }]));
    expect(out).toBe('# Benchmark results\n\n## new-bench\n\n| figure | value | command | date | machine |\n|---|---|---|---|---|\n| a \\| b | 55 ms | `npx tsx scripts/bench/wake.ts` | 2026-12-07 | 2 cores |\n');
  });

  it('writes the file only when the bench was run with --record', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-record-'));
    const file = path.join(dir, 'RESULTS.md');
    try {
      const quiet = benchResults('b', { argv: ['node', 'scripts/bench/b.ts'], file, machine: 'm', now: 0 });
      quiet.add('f', '1 ms');
      expect(quiet.save()).toBe(false);
      expect(fs.existsSync(file)).toBe(false);
      const recording = benchResults('b', { argv: ['node', 'scripts/bench/b.ts', '--record'], file, machine: 'm', now: 0, command: 'npx tsx scripts/bench/b.ts' });
      recording.add('f', '1 ms');
      expect(recording.save()).toBe(true);
      expect(fs.readFileSync(file, 'utf8')).toContain('| f | 1 ms | `npx tsx scripts/bench/b.ts` | 1970-01-01 | m |');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
