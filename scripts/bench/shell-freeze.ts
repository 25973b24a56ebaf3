/**
 * Shell freeze: how long a container command holds the portal's one thread. Each hostile
 * command runs in a fresh process (so one that crashes or runs out of memory is reported, not
 * fatal to the others) in a container shell under the product's budgets (the cluster's CPU
 * bucket and the process's, WallClock at scale 60 as a hostile learner sets it), beside a timer
 * that should fire every 10 ms. Prints, per command: the longest gap between two firings of that
 * timer (the event loop's longest block), the wall time, the exit (or "cut off" when it was
 * still running after BENCH_CASE_SECONDS and was killed), and the tail of its stderr.
 * The container starts with /tmp/f: "y\n" repeated to SIZE bytes (default 50,000,000), and
 * /tmp/one: one line of SIZE/10 characters.
 * A fresh process's first run of a command includes V8 compiling the code it uses and the first
 * read flattening the file's string; WARM=1 first runs the command over a small file and reads
 * the big one, so the figures are those of a portal that has been up a while. Also printed:
 * how many gaps were over 50 ms.
 * Run: npx tsx scripts/bench/shell-freeze.ts   (SIZE=20000000 BENCH_CASE_SECONDS=10 ONLY=grep WARM=1 to vary)
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WallClock } from '../../lib/k8s/sandbox/clock';
import { ClusterBudget, HOST_CPU } from '../../lib/k8s/sandbox/runtime/cluster-budget';
import { createBudget } from '../../lib/k8s/sandbox/runtime/shell/budget';
import { spawnProcess, type ProcessExit } from '../../lib/k8s/sandbox/runtime/shell/spawn';
import { EMPTY_NETWORK, TEST_POD } from '../../lib/k8s/sandbox/runtime/shell/test-driver';
import { MemoryVfs } from '../../lib/k8s/sandbox/runtime/vfs/memory-vfs';

const SIZE = Number(process.env.SIZE ?? 50_000_000);
const CASE_SECONDS = Number(process.env.BENCH_CASE_SECONDS ?? 15);
const WARM = process.env.WARM === '1';

export const CASES: { name: string; script: string }[] = [
  { name: 'yes | head -c SIZE > file', script: `yes | head -c ${SIZE} > /tmp/g; wc -c < /tmp/g` },
  { name: 'grep x f', script: 'grep x /tmp/f' },
  { name: 'grep -c y f', script: 'grep -c y /tmp/f' },
  { name: 'cat f | grep -c y', script: 'cat /tmp/f | grep -c y' },
  { name: 'sort f > g', script: 'sort /tmp/f > /tmp/g' },
  { name: 'sort -u f', script: 'sort -u /tmp/f' },
  { name: "awk '{s+=1} END {print s}' f", script: "awk '{s+=1} END {print s}' /tmp/f" },
  { name: 'sed s/a/b/g f > g', script: 'sed s/a/b/g /tmp/f > /tmp/g' },
  { name: 'sed -n $p f', script: "sed -n '$p' /tmp/f" },
  { name: 'wc f', script: 'wc /tmp/f' },
  { name: 'tr y n < f > g', script: 'tr y n < /tmp/f > /tmp/g' },
  { name: 'cut -c1 f > g', script: 'cut -c1 /tmp/f > /tmp/g' },
  { name: 'uniq -c f', script: 'uniq -c /tmp/f' },
  { name: 'md5sum f', script: 'md5sum /tmp/f' },
  { name: 'base64 f > g', script: 'base64 /tmp/f > /tmp/g' },
  { name: 'cat f > g', script: 'cat /tmp/f > /tmp/g' },
  { name: 'cp f g', script: 'cp /tmp/f /tmp/g' },
  { name: 'head -n 1 f', script: 'head -n 1 /tmp/f' },
  { name: 'tail -n 1 f', script: 'tail -n 1 /tmp/f' },
  { name: 'rev < f > g', script: 'rev < /tmp/f > /tmp/g' },
  { name: 'grep y one-long-line', script: 'grep -c y /tmp/one' },
  { name: 'read a huge line', script: 'read l < /tmp/one; echo ${#l}' },
  { name: "awk 'BEGIN{while(1) x++}'", script: "awk 'BEGIN { while (1) x++ }'" },
  { name: 'awk nested loops', script: "awk 'BEGIN { for (i = 0; i < 1000000; i++) for (j = 0; j < 1000000; j++) x++ }'" },
  { name: 'awk string doubling', script: "awk 'BEGIN { s = \"x\"; while (1) s = s s }'" },
  { name: "printf '%999999999d'", script: "printf '%999999999d' 1 | wc -c" },
  { name: 'seq 1 100000000 > g', script: 'seq 1 100000000 > /tmp/g' },
  { name: '${x//a/aa} doubling', script: 'x=a; while :; do x=${x//a/aa}; done' },
  { name: 'x="$x$x" doubling', script: 'x=a; while :; do x="$x$x"; done' },
  { name: '$((2**999999999))', script: 'echo $((2**999999999)) $((7**99999999 % 3))' },
  { name: 'here-doc of a big variable', script: 'x=$(head -c 3000000 /tmp/f); while :; do cat <<EOF >> /tmp/g\n$x\nEOF\ndone' },
  { name: 'while loop counting', script: 'i=0; while [ $i -lt 100000000 ]; do i=$((i+1)); done' },
];

interface CaseResult {
  name: string;
  maxGapMs: number;
  /** Gaps over 50 ms. */
  longGaps: number;
  wallMs: number;
  outcome: string;
  stderr: string;
}

/** Runs the command over small files first (V8 compiles what it uses), without budgets. */
async function warmUp(script: string, clock: WallClock): Promise<void> {
  const fs = new MemoryVfs({ now: () => clock.now(), files: { '/tmp/f': 'y\n'.repeat(5_000), '/tmp/one': `${'y'.repeat(1_000)}\n` } });
  const p = spawnProcess({ argv: ['sh', '-c', script], fs, clock, net: EMPTY_NETWORK, pod: TEST_POD, budget: createBudget({ maxSteps: 200_000, maxFileBytes: 1 << 20 }), onStdout: () => undefined, onStderr: () => undefined });
  const killer = setTimeout(() => p.kill('SIGKILL'), 2_000);
  await p.exited;
  clearTimeout(killer);
}

async function runCase(index: number): Promise<CaseResult> {
  const c = CASES[index];
  const clock = new WallClock({ scale: 60 });
  const big = 'y\n'.repeat(SIZE / 2);
  const one = `${'y'.repeat(SIZE / 10)}\n`;
  if (WARM) {
    // Flattens the strings (a first read of a file built by appends does it in the portal too).
    big.indexOf('z');
    one.indexOf('z');
    await warmUp(c.script, clock);
  }
  const fs = new MemoryVfs({ now: () => clock.now(), files: { '/tmp/f': big, '/tmp/one': one } });
  const cluster = new ClusterBudget({}, undefined, HOST_CPU);
  let stderr = '';
  let maxGap = 0;
  let longGaps = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    if (now - last > 50) longGaps++;
    last = now;
  }, 10);
  const t0 = performance.now();
  let cutOff = false;
  const p = spawnProcess({
    argv: ['sh', '-c', c.script],
    fs,
    clock,
    net: EMPTY_NETWORK,
    pod: TEST_POD,
    budget: createBudget({}, { cpu: cluster.cpu, hostCpu: cluster.hostCpu }),
    onStdout: () => undefined,
    onStderr: (chunk) => (stderr = (stderr + chunk).slice(-300)),
  });
  const killer = setTimeout(() => {
    cutOff = true;
    p.kill('SIGKILL');
  }, CASE_SECONDS * 1000);
  const exit: ProcessExit = await p.exited;
  const wallMs = performance.now() - t0;
  clearTimeout(killer);
  clearInterval(timer);
  maxGap = Math.max(maxGap, performance.now() - last);
  clock.dispose();
  const outcome = cutOff ? `cut off after ${CASE_SECONDS} s` : exit.error ? `killed: ${exit.error.message}` : `exit ${exit.code}`;
  return { name: c.name, maxGapMs: maxGap, longGaps, wallMs, outcome, stderr: stderr.trim().split('\n').pop() ?? '' };
}

function runChild(index: number): Promise<CaseResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--max-old-space-size=2048', fileURLToPath(import.meta.url), '--case', String(index)],
      { env: process.env, timeout: (CASE_SECONDS + 120) * 1000, maxBuffer: 1 << 20 },
      (err, stdout, stderrText) => {
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        if (line) return resolve(JSON.parse(line) as CaseResult);
        const why = err?.killed ? `the process was still blocked ${CASE_SECONDS + 120} s later` : `the process died (${err?.code ?? err?.signal}): ${stderrText.trim().split('\n').filter(Boolean).slice(-1)[0] ?? ''}`;
        resolve({ name: CASES[index].name, maxGapMs: NaN, longGaps: NaN, wallMs: NaN, outcome: why.slice(0, 200), stderr: '' });
      },
    );
  });
}

async function main(): Promise<void> {
  const caseArg = process.argv.indexOf('--case');
  if (caseArg >= 0) {
    const r = await runCase(Number(process.argv[caseArg + 1]));
    console.log(JSON.stringify(r));
    process.exit(0);
  }
  const only = process.env.ONLY;
  console.log(`shell freeze: SIZE=${SIZE}, each case cut off after ${CASE_SECONDS} s, ${WARM ? 'warm' : 'cold'} process; longest gap of a 10 ms timer`);
  console.log(`${'command'.padEnd(34)} ${'max gap ms'.padStart(10)} ${'>50ms'.padStart(6)} ${'wall s'.padStart(7)}  outcome | last stderr line`);
  for (const [i, c] of CASES.entries()) {
    if (only && !c.name.includes(only)) continue;
    const r = await runChild(i);
    console.log(`${r.name.padEnd(34)} ${r.maxGapMs.toFixed(0).padStart(10)} ${String(r.longGaps).padStart(6)} ${(r.wallMs / 1000).toFixed(1).padStart(7)}  ${r.outcome}${r.stderr ? ` | ${r.stderr.slice(0, 120)}` : ''}`);
  }
}

void main();
