/**
 * A learner's write gets their cluster's next control-plane drain first (the prompt lane,
 * lib/turns/turns.ts). A learner who writes in a loop keeps that lane busy: another learner's
 * follow-up work, in the control lane, must still run, and soon.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installTurns, PriorityTurns, PROMPT_STREAK } from '../../lib/turns/turns';
import { Runner } from '../../lib/k8s/sandbox/controllers/framework/runner';

afterEach(() => installTurns(undefined));

describe('a learner writing in a loop', () => {
  it('does not starve another learner\'s control-plane work on the same worker', async () => {
    const slots: (() => void)[] = [];
    const turns = new PriorityTurns((fn) => slots.push(fn));
    const log: string[] = [];

    // Mallory's cluster: every drain is followed by another write, so a prompt drain is always queued.
    const mallory = new Runner(turns);
    let writes = 0;
    mallory.register({
      name: 'job-controller',
      processOne() {
        if (writes === 0) return false;
        writes--;
        log.push('mallory');
        // Her next kubectl write arrives as this drain ends.
        queueMicrotask(() =>
          void mallory.whilePrompting(async () => {
            writes++;
            mallory.wake('control');
          }),
        );
        return true;
      },
    });
    // Alice's cluster: follow-up work of her own (a StatefulSet's next replicas), in the control lane.
    const alice = new Runner(turns);
    let replicas = 3;
    alice.register({
      name: 'statefulset-controller',
      processOne() {
        if (replicas === 0) return false;
        replicas--;
        log.push('alice');
        return true;
      },
    });

    await mallory.whilePrompting(async () => {
      writes++;
      mallory.wake('control');
    });
    alice.wake('control');
    for (let i = 0; i < 10 * PROMPT_STREAK && slots.length; i++) {
      slots.shift()!();
      await Promise.resolve();
    }
    expect(replicas, 'alice\'s replicas were all made while mallory kept writing').toBe(0);
    expect(log.indexOf('alice')).toBeLessThanOrEqual(PROMPT_STREAK);
    expect(log.filter((l) => l === 'mallory').length).toBeGreaterThan(PROMPT_STREAK);
  });
});
