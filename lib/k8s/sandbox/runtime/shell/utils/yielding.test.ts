import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget';
import { CpuBucket } from '../cpu-bucket';
import { runScript, ShellHarness } from '../test-driver';

/** Runs script over /tmp/f with no pacing waits; reports whether a setImmediate scheduled first ran before it ended. */
async function yieldsWhileRunning(script: string, file: string): Promise<{ yielded: boolean; stdout: string; cpuSteps: number }> {
  const h = new ShellHarness();
  h.fs.writeFile('/tmp/f', file);
  const cpu = new CpuBucket(1e12, 1e12);
  const p = h.spawn(script, { budget: createBudget({ stepsPerSecond: 1e12, maxSteps: 1e12 }, { cpu }) });
  let ended = false;
  let yielded = false;
  setImmediate(() => (yielded = !ended));
  await p.exited;
  ended = true;
  return { yielded, stdout: h.stdout(), cpuSteps: cpu.granted };
}

const FILE = 'y\n'.repeat(100_000);

describe('utilities walking a big file yield to the event loop and charge the cluster CPU', () => {
  it.each([
    ['grep -c y /tmp/f', '100000\n'],
    ['sed -n $= /tmp/f', '100000\n'],
    ["awk 'END { print NR }' /tmp/f", '100000\n'],
    ['sort -u /tmp/f', 'y\n'],
    ['uniq -c /tmp/f', ' 100000 y\n'],
    ['cut -c1 /tmp/f | tail -n 1', 'y\n'],
  ])('%s: a setImmediate scheduled before it runs before it ends', async (script, out) => {
    const r = await yieldsWhileRunning(script, FILE);
    expect(r.stdout).toBe(out);
    expect(r.yielded).toBe(true);
    expect(r.cpuSteps).toBeGreaterThan(100_000 / 20);
  });
});

describe('utilities whose work is per character yield over a file of long lines', () => {
  const LONG = `${'y'.repeat(63)}\n`.repeat(40_000);
  it.each([
    ['wc -l /tmp/f', '  40000 /tmp/f\n'],
    ['tr y n < /tmp/f | tail -n 1', `${'n'.repeat(63)}\n`],
    ['base64 /tmp/f | tail -c 5', 'Cg==\n'],
    ['md5sum /tmp/f | cut -c33-', '  /tmp/f\n'],
  ])('%s: a setImmediate scheduled before it runs before it ends', async (script, out) => {
    const r = await yieldsWhileRunning(script, LONG);
    expect(r.stdout).toBe(out);
    expect(r.yielded).toBe(true);
    // The bucket grants steps in the pacer's chunks of 256.
    expect(r.cpuSteps).toBeGreaterThanOrEqual(LONG.length / 1024 - 256);
  });
});

describe('tail and head of files and streams print what busybox prints', () => {
  const texts = ['', 'a', 'a\n', 'a\nb', 'a\n\nb\n', '\n', 'one\ntwo\nthree\n', 'one\ntwo\nthree'];
  it.each(texts.map((t) => [JSON.stringify(t), t] as const))('tail -n 2, -n +2, -n 0, -c 3 and head -n 2 of %s', async (_n, text) => {
    const all = text === '' ? [] : text.split('\n');
    if (all[all.length - 1] === '') all.pop();
    const suffix = (k: number) => (k >= all.length ? text : text.slice(text.split('\n').slice(0, all.length - k).join('\n').length + 1));
    for (const src of ['/tmp/t', '- < /tmp/t']) {
      const h = new ShellHarness();
      h.fs.writeFile('/tmp/t', text);
      const r = await runScript(`tail -n 2 ${src}; echo '|'; tail -n 0 ${src}; echo '|'; tail -c 3 ${src}; echo '|'; head -n 2 ${src}`, { harness: h });
      const second = text.indexOf('\n', text.indexOf('\n') + 1);
      const head2 = second < 0 ? text : text.slice(0, second + 1);
      expect(r.stdout).toBe(`${suffix(2)}|\n|\n${text.slice(-3)}|\n${head2}`);
    }
  });

  it('tail -n +2 prints from the second line of a file and of a stream', async () => {
    const h = new ShellHarness();
    h.fs.writeFile('/tmp/t', 'a\nb\nc\n');
    const r = await runScript('tail -n +2 /tmp/t; cat /tmp/t | tail -n +3', { harness: h });
    expect(r.stdout).toBe('b\nc\nc\n');
  });

  it('yes | head -c 5 ends with five bytes', async () => {
    const r = await runScript('yes | head -c 5; echo');
    expect(r.stdout).toBe('y\ny\ny\n');
  });
});

describe('filters reading a stream still show each line when it arrives', () => {
  it.each(['grep x', 'sed -n /x/p', "awk '/x/'", 'cut -c1-2', 'rev'].map((f) => [f] as const))('tail -f log | %s prints a matching line appended later at once', async (filter) => {
    const h = new ShellHarness();
    h.fs.writeFile('/tmp/log', '');
    h.spawn(`tail -f /tmp/log | ${filter}`);
    await h.run(1000);
    h.fs.writeFile('/tmp/log', 'xa\n', { append: true });
    await h.run(1000);
    expect(h.stdout()).toBe(filter === 'rev' ? 'ax\n' : 'xa\n');
    h.fs.writeFile('/tmp/log', 'xb\n', { append: true });
    await h.run(1000);
    expect(h.stdout()).toBe(filter === 'rev' ? 'ax\nbx\n' : 'xa\nxb\n');
  });
});

describe('awk print > file', () => {
  it('writes 100,000 records to a file in batches, truncating it first, and >> appends', async () => {
    const h = new ShellHarness();
    h.fs.writeFile('/tmp/f', FILE);
    h.fs.writeFile('/tmp/o', 'old\n');
    h.fs.writeFile('/tmp/a', 'kept\n');
    const r = await runScript(`awk '{ print NR > "/tmp/o" } END { print "end" >> "/tmp/a" }' /tmp/f; wc -l < /tmp/o; tail -n 1 /tmp/o; cat /tmp/a`, { harness: h });
    expect(r.stdout).toBe('100000\n100000\nkept\nend\n');
  });
});
