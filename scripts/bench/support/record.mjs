/**
 * Benchmark figures live in one file, scripts/bench/RESULTS.md: a section per bench, each a table
 * of figure, value, command, date and machine. A bench collects its figures with benchResults()
 * and calls save() at the end; run with `--record`, save() rewrites that bench's section (and only
 * it) with what this run measured. Without the flag nothing is written.
 *
 *   const results = benchResults('advance');
 *   results.add('+1 h, CPU', `${ms} ms`);
 *   results.save();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RESULTS_FILE = path.join(import.meta.dirname, '..', 'RESULTS.md');

/** One markdown table cell: pipes escaped, line breaks folded. */
function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** The bench's section: its heading, then a table of its rows. */
export function sectionText(bench, rows) {
  const lines = [`## ${bench}`, '', '| figure | value | command | date | machine |', '|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${[r.figure, r.value, `\`${r.command}\``, r.date, r.machine].map(cell).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

/**
 * markdown with the section `## bench` (up to the next `## ` heading) replaced by section, or
 * section appended when the bench has none yet.
 */
export function replaceSection(markdown, bench, section) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l === `## ${bench}`);
  if (start < 0) return `${markdown.replace(/\n*$/, '\n\n')}${section}`;
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end < 0) end = lines.length;
  const after = lines.slice(end).join('\n');
  return `${lines.slice(0, start).join('\n')}\n${section}${after ? `\n${after}` : ''}`;
}

/** What the figures were measured on: cores, CPU model, load, Node. */
export function machineNote() {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), load ${os.loadavg()[0].toFixed(1)}, Node ${process.versions.node}`;
}

/** The command as it was run, from the repository's root (node/tsx and the script's relative path). */
function commandLine(argv) {
  const script = path.relative(process.cwd(), argv[1] ?? '');
  const rest = argv.slice(2).filter((a) => a !== '--record');
  return [`npx tsx ${script}`, ...rest].join(' ').replace(/^npx tsx (.*\.mjs)/, 'node $1');
}

export function benchResults(bench, opts = {}) {
  const argv = opts.argv ?? process.argv;
  const file = opts.file ?? RESULTS_FILE;
  const recording = argv.includes('--record');
  const rows = [];
  const date = (opts.now !== undefined ? new Date(opts.now) : new Date()).toISOString().slice(0, 10);
  return {
    recording,
    add(figure, value) {
      rows.push({ figure, value, command: opts.command ?? commandLine(argv), date, machine: opts.machine ?? machineNote() });
    },
    /** With --record: rewrites the bench's section of RESULTS.md; returns whether it did. */
    save() {
      if (!recording || rows.length === 0) return false;
      const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
      fs.writeFileSync(file, replaceSection(before, bench, sectionText(bench, rows)));
      console.log(`recorded ${rows.length} figures in ${path.relative(process.cwd(), file)} (## ${bench})`);
      return true;
    },
  };
}
