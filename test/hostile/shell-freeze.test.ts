/**
 * Hostile learners against the portal's one thread through a container shell (issue 15, items 2
 * and 3): utilities walking big files (grep, sed, awk, sort, wc, tr, cut, uniq, md5sum, base64,
 * head, tail, rev), awk loops and string growth, printf widths, string doubling in the shell,
 * `yes | head -c`. Every case runs the command with a chain of setImmediate callbacks scheduled
 * before it starts and asserts that the chain kept turning while the command ran (the portal's
 * other work gets its turn), that the command ended with a result or a clear message, and that
 * the same process still runs an ordinary command afterwards. No wall-time thresholds: turns of
 * the event loop and CPU steps are counted. Figures: scripts/bench/shell-freeze.ts.
 */
import { describe, expect, it } from 'vitest';
import { createBudget } from '../../lib/k8s/sandbox/runtime/shell/budget';
import { CpuBucket } from '../../lib/k8s/sandbox/runtime/shell/cpu-bucket';
import { ShellHarness } from '../../lib/k8s/sandbox/runtime/shell/test-driver';

/** "y\n" lines: 300,000 of them are 600 KB, about 19,000 steps of grep's work. */
const LINES = 300_000;
const BIG = 'y\n'.repeat(LINES);
/** Turns of the event loop a 300,000-line walk must leave to others at least (it yields every 256 steps). */
const MIN_TURNS = 20;

interface Outcome {
  code: number | undefined;
  stdout: string;
  stderr: string;
  /** setImmediate callbacks that ran while the command ran. */
  turns: number;
  /** Steps the cluster's CPU bucket granted to the command. */
  cpuSteps: number;
}

/** Runs script in a container whose /tmp/f holds BIG, counting event-loop turns while it runs. */
async function run(script: string, files: Record<string, string> = { '/tmp/f': BIG }): Promise<Outcome & { h: ShellHarness; cpu: CpuBucket }> {
  const h = new ShellHarness();
  for (const [path, text] of Object.entries(files)) h.fs.writeFile(path, text);
  // A bucket that never makes anyone wait (the run is paced by yields only) but counts its grants.
  const cpu = new CpuBucket(1e12, 1e12);
  const p = h.spawn(script, { budget: createBudget({ stepsPerSecond: 1e12, maxSteps: 1e12 }, { cpu }) });
  let done = false;
  let turns = 0;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const exit = await p.exited;
  done = true;
  return { code: exit.code, stdout: h.stdout(), stderr: h.stderr(), turns, cpuSteps: cpu.granted, h, cpu };
}

/** The same container still runs an ordinary command. */
async function stillWorks(h: ShellHarness): Promise<void> {
  const before = h.stdout().length;
  const p = h.spawn('echo still here');
  await h.exit(p);
  expect(h.stdout().slice(before)).toBe('still here\n');
}

describe('a container command over a big file leaves the portal thread turning and charges the CPU budget', { timeout: 60_000 }, () => {
  it('grep -c over 300,000 lines counts them while the event loop keeps turning', async () => {
    const r = await run('grep -c y /tmp/f');
    expect(r.stdout).toBe(`${LINES}\n`);
    expect(r.turns).toBeGreaterThanOrEqual(MIN_TURNS);
    expect(r.cpuSteps).toBeGreaterThan(LINES / 20);
    await stillWorks(r.h);
  });

  it('grep with no match reads the whole file in slices and exits 1', async () => {
    const r = await run('grep x /tmp/f');
    expect(r.code).toBe(1);
    expect(r.turns).toBeGreaterThanOrEqual(MIN_TURNS);
  });

  it('cat f | grep -c y walks the piped 600 KB chunk line by line with turns between', async () => {
    const r = await run('cat /tmp/f | grep -c y');
    expect(r.stdout).toBe(`${LINES}\n`);
    expect(r.turns).toBeGreaterThanOrEqual(MIN_TURNS);
  });

  it('sort of 300,000 lines merges in slices and prints them sorted', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => String((i * 7919) % 100_000));
    const r = await run('sort -n /tmp/n > /tmp/sorted; head -n 3 /tmp/sorted; tail -n 1 /tmp/sorted', { '/tmp/n': `${lines.join('\n')}\n` });
    expect(r.stdout).toBe('0\n1\n2\n99999\n');
    expect(r.turns).toBeGreaterThanOrEqual(MIN_TURNS);
  });

  it('sort over more lines than it may hold fails with out of memory, and the shell goes on', async () => {
    const r = await run('sort /tmp/f > /tmp/g; echo "status $?"', { '/tmp/f': 'y\n'.repeat(2_000_001) });
    expect(r.stderr).toMatch(/^sort: out of memory \(more than 2,000,000 lines to sort\)/);
    expect(r.stdout).toBe('status 1\n');
    expect(r.turns).toBeGreaterThanOrEqual(MIN_TURNS);
  });

  it("awk '{s+=1} END {print s}' counts the records with turns between them", async () => {
    const r = await run("awk '{s+=1} END {print s}' /tmp/f");
    expect(r.stdout).toBe(`${LINES}\n`);
    expect(r.turns).toBeGreaterThanOrEqual(MIN_TURNS);
  });

  it('sed s/y/n/g f > g rewrites every line in slices', async () => {
    const r = await run('sed s/y/n/g /tmp/f > /tmp/g; grep -c n /tmp/g');
    expect(r.stdout).toBe(`${LINES}\n`);
    expect(r.turns).toBeGreaterThanOrEqual(MIN_TURNS);
  });

  it('wc, tr, cut, uniq -c, md5sum and base64 each walk the file in slices and give their answers', async () => {
    const r = await run('wc -l < /tmp/f; tr y n < /tmp/f | uniq -c; cut -c1 /tmp/f | uniq; md5sum /tmp/f; base64 /tmp/f | wc -l');
    const md5 = (await import('node:crypto')).createHash('md5').update(BIG).digest('hex');
    expect(r.stdout).toBe(`${LINES}\n ${String(LINES).padStart(6)} n\ny\n${md5}  /tmp/f\n${Math.ceil(BIG.length / 57)}\n`);
    expect(r.turns).toBeGreaterThanOrEqual(MIN_TURNS * 3);
  });

  it('head -n 1 and tail -n 1 of a big file touch only the lines they print', async () => {
    const r = await run('head -n 1 /tmp/f; tail -n 1 /tmp/f', { '/tmp/f': `first\n${BIG}last\n` });
    expect(r.stdout).toBe('first\nlast\n');
    expect(r.cpuSteps).toBeLessThan(50);
  });

  it('rev < f walks the redirected file line by line', async () => {
    const r = await run('rev < /tmp/f | grep -c y');
    expect(r.stdout).toBe(`${LINES}\n`);
    expect(r.turns).toBeGreaterThanOrEqual(MIN_TURNS);
  });
});

describe('runaway programs end with a message instead of freezing the portal', { timeout: 60_000 }, () => {
  it('yes | head -c 1000000 stops reading at its count and the pipeline ends', async () => {
    const r = await run('yes | head -c 1000000 | wc -c');
    expect(r.stdout).toBe('1000000\n');
    expect(r.turns).toBeGreaterThan(0);
  });

  it("awk 'BEGIN { while (1) x++ }' ends with a loop limit", async () => {
    const r = await run("awk 'BEGIN { while (1) x++ }'; echo \"status $?\"", {});
    expect(r.stderr).toMatch(/^awk: loop limit exceeded \(1,000,000 iterations without reading a record\)/);
    expect(r.stdout).toBe('status 2\n');
    await stillWorks(r.h);
  });

  it('awk nested loops of a million by a million end at the same limit (they froze the portal for good)', async () => {
    const r = await run("awk 'BEGIN { for (i = 0; i < 1000000; i++) for (j = 0; j < 1000000; j++) x++ }'", {});
    expect(r.stderr).toMatch(/^awk: loop limit exceeded/);
    expect(r.code).toBe(2);
  });

  it('awk doubling a string ends with out of memory at 16 MiB', async () => {
    const r = await run("awk 'BEGIN { s = \"x\"; while (1) s = s s }'", {});
    expect(r.stderr).toMatch(/^awk: out of memory \(a string of more than 16777216 characters\)/);
    expect(r.code).toBe(2);
  });

  it('awk gsub doubling a string ends with out of memory', async () => {
    const r = await run("awk 'BEGIN { s = \"x\"; while (1) gsub(/x/, \"xx\", s) }'", {});
    expect(r.stderr).toMatch(/^awk: (out of memory|regular expression matches too often in one line)/);
    expect(r.code).toBe(2);
  });

  it('awk filling an array past a million elements ends with out of memory', async () => {
    const r2 = await run("awk '{ for (k = 0; k < 5; k++) a[NR, k] = 1 }' /tmp/f; echo \"status $?\"", { '/tmp/f': 'y\n'.repeat(201_000) });
    expect(r2.stderr).toMatch(/^awk: out of memory \(more than 1,000,000 array elements\)/);
    expect(r2.stdout).toBe('status 2\n');
    expect(r2.turns).toBeGreaterThanOrEqual(MIN_TURNS);
    await stillWorks(r2.h);
  });

  it('awk assigning field $1000000000 is refused', async () => {
    const r = await run("echo a | awk '{ $1000000000 = \"x\"; print }'", {});
    expect(r.stderr).toMatch(/^awk: out of memory \(field \$1000000000: the limit is \$100000\)/);
  });

  it("printf '%999999999d' is refused as out of memory", async () => {
    const r = await run("printf '%999999999d' 1; echo \"status $?\"", {});
    expect(r.stderr).toMatch(/^printf: out of memory/);
    expect(r.stdout).toBe('status 1\n');
  });

  it('awk printf with a huge width is refused the same way', async () => {
    const r = await run("awk 'BEGIN { printf \"%999999999d\", 1 }'", {});
    expect(r.stderr).toMatch(/out of memory/);
    expect(r.code).not.toBe(0);
  });

  it('x="$x$x" in a loop ends the script with out of memory, not the portal', async () => {
    const r = await run('x=a; while :; do x="$x$x"; done', {});
    expect(r.stderr).toMatch(/^sh: out of memory \(a word of more than 16777216 characters\)/);
    expect(r.code).toBe(2);
    expect(r.turns).toBeGreaterThan(0);
    await stillWorks(r.h);
  });

  it('${x//a/aa} doubling in a loop ends with a message', async () => {
    const r = await run('x=a; while :; do x=${x//a/aa}; done', {});
    expect(r.stderr).toMatch(/^sh: (out of memory|pattern too costly)/);
    expect(r.code).toBe(2);
    expect(r.turns).toBeGreaterThan(0);
  });

  it('${x//y/yyyyy} over 4 million characters (20 million) is refused before the result is built', async () => {
    const r = await run('x=$(head -c 4000000 /tmp/f); y=${x//y/yyyyy}; echo "status $?"', { '/tmp/f': 'y'.repeat(5_000_000) });
    expect(r.stderr).toMatch(/^sh: out of memory \(a word of more than 16777216 characters\)/);
    expect(r.code).toBe(2);
    await stillWorks(r.h);
  });

  it('a here-doc of an ever-doubling variable ends with out of memory', async () => {
    const r = await run('x=ab; while :; do x="$x$x"; cat <<EOF > /dev/null\n$x$x\nEOF\ndone', {});
    expect(r.stderr).toMatch(/out of memory/);
    expect(r.code).not.toBe(0);
  });

  it('seq 1 1000000 is charged a step per 16 numbers and yields', async () => {
    const r = await run('seq 1 1000000 | tail -n 1', {});
    expect(r.stdout).toBe('1000000\n');
    expect(r.cpuSteps).toBeGreaterThan(1_000_000 / 20);
    expect(r.turns).toBeGreaterThanOrEqual(MIN_TURNS);
  });

  it('yes | tail -n 1 holds a bounded buffer until its budget ends it', async () => {
    const h = new ShellHarness();
    const p = h.spawn('yes | tail -n 1', { budget: createBudget({ stepsPerSecond: 1e12, maxSteps: 200_000 }) });
    const exit = await p.exited;
    expect(exit.error?.message).toMatch(/CPU budget/);
    expect(process.memoryUsage().heapUsed).toBeLessThan(2 * 1024 * 1024 * 1024);
  });
});
