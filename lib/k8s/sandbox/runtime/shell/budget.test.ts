import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from './command';
import { createBudget, DEFAULT_BUDGET_LIMITS } from './budget';
import { ShellHarness } from './test-driver';

describe('container budgets', () => {
  it('yes writing to the log is throttled and killed by the output budget without blocking the event loop', async () => {
    const h = new ShellHarness();
    let turns = 0;
    const spin = setInterval(() => turns++, 0);
    const p = h.spawn('yes', { limits: { maxOutputBytes: 200_000, stepsPerSecond: 50 } });
    const exit = await h.exit(p, 60_000);
    clearInterval(spin);
    expect(exit?.code).toBe(137);
    expect(exit?.error).toBeInstanceOf(BudgetExceededError);
    expect(exit?.error?.kind).toBe('output');
    expect(exit?.error?.message).toBe('container exceeded its log output budget (200000 bytes)');
    // 50 steps of ~1 KiB per virtual second: the budget ran out after a few virtual seconds.
    expect(h.clock.now() - h.start).toBeGreaterThanOrEqual(3_000);
    expect(turns).toBeGreaterThan(0);
  });

  it('a silent busy loop runs at the paced rate per virtual second and yields to the event loop', async () => {
    const h = new ShellHarness();
    const budget = createBudget({ stepsPerSecond: 1_000 });
    const p = h.spawn('while true; do :; done', { budget });
    await h.run(3_000);
    expect(h.exits.has(p)).toBe(false);
    // Windows start at 0, 1, 2 and 3 s (the run ends at 3 s); each admits the rate plus the step that waits.
    expect(budget.steps).toBeGreaterThan(3 * 1_000);
    expect(budget.steps).toBeLessThanOrEqual(4 * 1_001);
    p.kill('SIGKILL');
    expect((await h.exit(p, 0))?.code).toBe(137);
  });

  it('a busy loop ends when its total step budget is spent', async () => {
    const h = new ShellHarness();
    const p = h.spawn('i=0; while true; do i=$((i+1)); done', { limits: { maxSteps: 5_000, stepsPerSecond: 100_000 } });
    const exit = await h.exit(p, 10_000);
    expect(exit?.error?.kind).toBe('steps');
    expect(exit?.code).toBe(137);
  });

  it.each([
    ['a fork bomb that keeps its shell alive', ':(){ :|:& };:; sleep 60'],
    ['a foreground pipe bomb', ':(){ :|:; };:'],
  ])('%s ends with a clear process-limit error', async (_name, script) => {
    const h = new ShellHarness();
    const p = h.spawn(script, { limits: { maxProcesses: 64 } });
    const exit = await h.exit(p, 10_000);
    expect(exit?.code).toBe(137);
    expect(exit?.error?.kind).toBe('processes');
    expect(exit?.error?.message).toBe('container exceeded its process limit (64 processes): fork bomb?');
    await h.run(5_000);
    expect(h.processes.list()).toEqual([]);
  });

  it('the classic one-liner fork bomb exits at once, as PID 1 returning ends the container', async () => {
    const h = new ShellHarness();
    const p = h.spawn(':(){ :|:& };:', { limits: { maxProcesses: 64 } });
    expect((await h.exit(p, 0))?.code).toBe(0);
    await h.run(5_000);
    expect(h.processes.list()).toEqual([]);
  });

  it('deep recursion is bounded: the shell stops with status 2', async () => {
    const h = new ShellHarness();
    const p = h.spawn('f() { f; }; f');
    expect((await h.exit(p))?.code).toBe(2);
    expect(h.stderr()).toBe('sh: f: function nesting too deep (200)\n');
  });

  it('filling files past the file budget ends the container with a fileBytes error (OOMKilled)', async () => {
    const h = new ShellHarness();
    const p = h.spawn('while true; do echo 0123456789012345678901234567890123456789 >> /tmp/fill; done', { limits: { maxFileBytes: 10_000, stepsPerSecond: 100_000 } });
    const exit = await h.exit(p, 10_000);
    expect(exit?.error?.kind).toBe('fileBytes');
    expect(h.stderr()).toBe('Killed: container exceeded its file storage budget (10000 bytes)\n');
  });

  it('deleting files gives their bytes back', () => {
    const b = createBudget({ maxFileBytes: 10 });
    b.fileBytes(8);
    b.fileBytes(-8);
    b.fileBytes(10);
    expect(() => b.fileBytes(1)).toThrow(BudgetExceededError);
  });

  it('counts about 1 MiB per live process plus the bytes of held files as the container memory', () => {
    const b = createBudget();
    b.fileBytes(1000);
    const release = b.process();
    expect(b.memoryBytes()).toBe(2 * 1024 * 1024 + 1000);
    release();
    expect(b.memoryBytes()).toBe(1024 * 1024 + 1000);
  });

  it('a file write that takes processes plus files past the memory limit throws a memory error', () => {
    const b = createBudget({ memoryLimitBytes: 3 * 1024 * 1024 });
    b.process();
    b.fileBytes(1024 * 1024);
    let thrown: unknown;
    try {
      b.fileBytes(1);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(BudgetExceededError);
    expect((thrown as BudgetExceededError).kind).toBe('memory');
    expect(b.fileBytesHeld).toBe(1024 * 1024);
  });

  it('starting a process past the memory limit throws a memory error, and giving bytes back never does', () => {
    const b = createBudget({ memoryLimitBytes: 2 * 1024 * 1024 });
    b.process();
    expect(() => b.process()).toThrow(expect.objectContaining({ kind: 'memory' }));
    expect(b.processes).toBe(1);
    expect(() => b.fileBytes(-10)).not.toThrow();
  });

  it('a shell that starts background processes past its memory limit is killed with a memory error', async () => {
    const h = new ShellHarness();
    const p = h.spawn('sleep 100 & sleep 100 & sleep 100 & sleep 100 & wait', { limits: { memoryLimitBytes: 3 * 1024 * 1024 } });
    const exit = await h.exit(p, 1_000);
    expect(exit?.error?.kind).toBe('memory');
  });

  it('has defaults for every limit', () => {
    expect(createBudget().limits).toEqual(DEFAULT_BUDGET_LIMITS);
  });
});
