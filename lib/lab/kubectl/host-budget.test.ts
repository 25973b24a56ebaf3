import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { defaultCapacity, KubectlHostBudget, TerminalCrowdedError, TooManyWaitingError, TurnWaitCancelledError, type BudgetTimers } from './host-budget';

/** Timers that move only when the test says so. */
function fakeTimers(): BudgetTimers & { advance(ms: number): void } {
  let now = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  let next = 0;
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      due.set(++next, { at: now + ms, fn });
      return next;
    },
    clearTimeout: (h) => void due.delete(h as number),
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const first = [...due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!first) break;
        due.delete(first[0]);
        now = first[1].at;
        first[1].fn();
      }
      now = until;
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

function budget(opts: { capacity?: number; queuePerLearner?: number; maxWaitMs?: number; turnMs?: number } = {}) {
  const timers = fakeTimers();
  return { timers, b: new KubectlHostBudget({ capacity: 2, queuePerLearner: 2, maxWaitMs: 20_000, turnMs: 2000, ...opts, timers }) };
}

describe('the host budget of kubectl runs', () => {
  it('gives a turn at once while fewer than its capacity run', async () => {
    const { b } = budget();
    await b.acquire('a');
    await b.acquire('b');
    expect(b.running).toBe(2);
    expect(b.queued()).toBe(0);
  });

  it('makes a run wait when every turn is taken, and starts it when one ends', async () => {
    const { b } = budget();
    const end = await b.acquire('a');
    await b.acquire('b');
    let started = false;
    void b.acquire('c').then(() => (started = true));
    await flush();
    expect(started).toBe(false);
    expect(b.queued('c')).toBe(1);
    end();
    await flush();
    expect(started).toBe(true);
    expect(b.running).toBe(2);
  });

  it('serves waiting runs round robin by learner, so one learner\'s loop cannot keep another waiting', async () => {
    const { b } = budget({ capacity: 1 });
    let end = await b.acquire('hostile');
    const order: string[] = [];
    const ends: Array<() => void> = [];
    const wait = (who: string) => void b.acquire(who).then((e) => { order.push(who); ends.push(e); });
    wait('hostile');
    wait('hostile');
    wait('ordinary');
    await flush();
    for (let i = 0; i < 3; i++) {
      end();
      await flush();
      end = ends.shift()!;
    }
    expect(order).toEqual(['hostile', 'ordinary', 'hostile']);
  });

  it('refuses a third waiting run of one learner with a 429 that says what to do', async () => {
    const { b } = budget({ capacity: 1 });
    await b.acquire('a');
    void b.acquire('a');
    void b.acquire('a');
    const e = await b.acquire('a').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TooManyWaitingError);
    expect(e).toBeInstanceOf(LabError);
    expect((e as TooManyWaitingError).status).toBe(429);
    expect((e as Error).message).toBe('you already have 2 kubectl commands waiting for their turn on this busy server; wait for them to run (or stop them with Ctrl+C) before starting another');
    expect(b.queued('a')).toBe(2);
  });

  it('refuses a run that waited too long with a 503 naming the wait and the capacity', async () => {
    const { b, timers } = budget({ capacity: 1, turnMs: 60_000 });
    await b.acquire('a');
    const waiting = b.acquire('b').catch((x: unknown) => x);
    timers.advance(20_000);
    const e = await waiting;
    expect(e).toBeInstanceOf(TerminalCrowdedError);
    expect((e as TerminalCrowdedError).status).toBe(503);
    expect((e as Error).message).toBe('your kubectl command waited 20 s for its turn and did not start: the class\'s commands keep all 1 of this server\'s kubectl turns busy; run it again in a moment');
    expect(b.queued()).toBe(0);
  });

  it('ends a turn after turnMs even while the run goes on (a watch waits on the cluster, not the CPU)', async () => {
    const { b, timers } = budget({ capacity: 1 });
    const end = await b.acquire('watcher');
    let started = false;
    void b.acquire('other').then(() => (started = true));
    timers.advance(1999);
    await flush();
    expect(started).toBe(false);
    timers.advance(1);
    await flush();
    expect(started).toBe(true);
    // The watch's own end later frees nothing twice.
    end();
    expect(b.running).toBe(1);
  });

  it('frees a turn once however often its end is called', async () => {
    const { b } = budget();
    const end = await b.acquire('a');
    await b.acquire('b');
    end();
    end();
    expect(b.running).toBe(1);
  });

  it('takes a cancelled waiting run out of the queue, and refuses an already cancelled one at once', async () => {
    const { b } = budget({ capacity: 1 });
    const end = await b.acquire('a');
    const ac = new AbortController();
    const waiting = b.acquire('b', ac.signal).catch((x: unknown) => x);
    let cStarted = false;
    void b.acquire('c').then(() => (cStarted = true));
    ac.abort();
    expect(await waiting).toBeInstanceOf(TurnWaitCancelledError);
    expect(b.queued('b')).toBe(0);
    end();
    await flush();
    expect(cStarted).toBe(true);
    await expect(b.acquire('d', AbortSignal.abort())).rejects.toBeInstanceOf(TurnWaitCancelledError);
  });

  it('keeps one turn per core, two at least', () => {
    expect(defaultCapacity(1)).toBe(2);
    expect(defaultCapacity(2)).toBe(2);
    expect(defaultCapacity(8)).toBe(8);
  });
});
