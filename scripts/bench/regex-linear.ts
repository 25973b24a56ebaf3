/**
 * Benchmark: the time of the hostile patterns a container can run, over growing inputs, on the
 * engines the sandbox uses (RE2 for grep/sed/awk/expr, the glob automaton for case and
 * parameter expansion) and, for contrast, on V8's backtracking RegExp at small sizes only.
 * Linear growth shows as a time that grows ten times when the input does; "refused" is a search
 * past its work budget (input length × program size), refused before it runs. Also times the
 * YAML/JSON bounds scan that runs before every parse.
 * Run: npx tsx scripts/bench/regex-linear.ts
 */
import { parseAllDocuments } from 'yaml';
import { compileRegex, MAX_REGEX_WORK, RegexTooCostlyError } from '../../lib/k8s/sandbox/runtime/shell/utils/regex';
import { matchPattern, MAX_GLOB_WORK, PatternTooCostlyError, removeAffix, replacePattern } from '../../lib/k8s/sandbox/runtime/shell/pattern';
import { checkJsonBounds, checkYamlBounds } from '../../lib/k8s/manifests/bounds';

const SIZES = [1_000, 10_000, 100_000, 1_000_000];

/** Median of `runs` timings of fn, in ms; NaN when the operation is refused by its work budget. */
function time(fn: () => unknown, runs = 5): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    try {
      fn();
    } catch (e) {
      if (e instanceof RegexTooCostlyError || e instanceof PatternTooCostlyError) return NaN;
      throw e;
    }
    t.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const fmt = (ms: number) => (Number.isNaN(ms) ? 'refused' : ms < 10 ? ms.toFixed(2) : ms.toFixed(0)).padStart(8);

function table(title: string, rows: [string, (n: number) => number][], sizes = SIZES): void {
  console.log(`\n${title}`);
  console.log(`${'pattern'.padEnd(44)}${sizes.map((n) => `n=${n.toLocaleString('en')}`.padStart(12)).join('')}   (ms)`);
  for (const [name, run] of rows) console.log(`${name.padEnd(44)}${sizes.map((n) => fmt(run(n)).padStart(12)).join('')}`);
}

const as = (n: number) => 'a'.repeat(n);

const ERE: [string, string][] = [
  ['(a+)+b', 'test'],
  ['(a|a)*b', 'test'],
  ['(a*)*b', 'test'],
  ['(.*a){20}', 'test'],
  ['(a|aa)+$', 'test'],
  ['(a+)+', 'exec'],
  ['(.*a){20}b', 'exec'],
];

console.log(`work budgets: regex ${MAX_REGEX_WORK.toLocaleString('en')} steps, glob ${MAX_GLOB_WORK.toLocaleString('en')} steps per operation`);
table(
  'RE2 (grep -E, sed -E, awk): one line of n "a" (no "b")',
  ERE.map(([p, op]) => {
    const re = compileRegex(p, { extended: true });
    return [`${op === 'exec' ? 'exec (captures) ' : 'test '}${p}`, (n: number) => time(() => (op === 'exec' ? re.exec(as(n)) : re.test(as(n))))] as [string, (n: number) => number];
  }),
);

table('RE2: sed s/(a+)+b/X/g and awk gsub over n "a"', [
  ['replace all (a*)*b', (n) => time(() => compileRegex('(a*)*b', { extended: true }).replace(as(n), true, () => 'X'))],
  ['split on (a+)+b', (n) => time(() => compileRegex('(a+)+b', { extended: true }).split(as(n)))],
]);

table('Glob automaton (case, ${x##p}, ${x//p/r}): n "a"', [
  ['case *a*a*a*a*a*a*a*a*a*a*b', (n) => time(() => matchPattern(`${'*a'.repeat(10)}*b`, as(n)))],
  ['${x##*a*a*a*a*b}', (n) => time(() => removeAffix(as(n), '*a*a*a*a*b', '##'))],
  ['${x%%a*a*a*a*b}', (n) => time(() => removeAffix(as(n), 'a*a*a*a*b', '%%'))],
  ['${x//a*a*a*b/x}', (n) => time(() => replacePattern(as(n), 'a*a*a*b', 'x', true))],
]);

console.log('\nFor contrast, V8 RegExp /(a+)+b/ over n "a" (exponential: stops at n = 26)');
for (const n of [16, 18, 20, 22, 24, 26]) console.log(`  n=${n}`.padEnd(10), fmt(time(() => /(a+)+b/.test(as(n)), 1)), 'ms');

const manifest = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  labels: {app: demo, tier: "web"}\ndata:\n  script: |\n    echo [ok]\n  list: [1, 2, [3, 4]]\n`;
table('YAML/JSON before parsing: the bounds scan vs. composing (n = bytes, about)', [
  ['checkYamlBounds, documents of 140 bytes', (n) => { const t = Array.from({ length: Math.ceil(n / 140) }, (_, i) => manifest(i)).join('---\n'); return time(() => checkYamlBounds(t, { maxBytes: 1e9, maxDocuments: 1e9, maxTokens: 1e9 }), 3); }],
  ['parseAllDocuments, same text', (n) => { const t = Array.from({ length: Math.ceil(n / 140) }, (_, i) => manifest(i)).join('---\n'); return time(() => parseAllDocuments(t), 3); }],
  ["checkYamlBounds, n '[' (refused at 100)", (n) => time(() => { try { checkYamlBounds('['.repeat(n), { maxBytes: 1e9 }); } catch { /* refused */ } })],
  ['checkJsonBounds, flat JSON', (n) => { const t = JSON.stringify(Array.from({ length: Math.ceil(n / 12) }, (_, i) => ({ k: i }))); return time(() => checkJsonBounds(t, { maxBytes: 1e9 })); }],
]);
