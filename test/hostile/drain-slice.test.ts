/**
 * One worker thread runs a hundred clusters; a drain runs on it until its queues are empty or it
 * has run DRAIN_SLICE_MS (lib/k8s/sandbox/controllers/framework/runner.ts). A learner whose
 * cluster always has more to do (a controller fighting itself, pods without end) gets slices,
 * not the thread: another learner's request goes next, and their own drains take turns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installTurns, PriorityTurns } from '../../lib/turns/turns';
import { DRAIN_SLICE_MS, Runner } from '../../lib/k8s/sandbox/controllers/framework/runner';

afterEach(() => installTurns(undefined));

describe('a cluster whose controllers never run out of work', () => {
  it('holds the thread for one slice at a time: another learner\'s request and drains still run', () => {
    const slots: (() => void)[] = [];
    const turns = new PriorityTurns((fn) => slots.push(fn));
    let clock = 0;
    const log: string[] = [];

    // Mallory's controller: every key takes 1 ms of the thread and queues another.
    const mallory = new Runner(turns, () => clock);
    mallory.register({ name: 'fighting-controller', processOne: () => { clock += 1; log.push('mallory'); return true; } });
    // Alice's StatefulSet has two replicas to make.
    const alice = new Runner(turns, () => clock);
    let replicas = 2;
    alice.register({ name: 'statefulset-controller', processOne: () => { if (replicas === 0) return false; replicas--; log.push('alice'); return true; } });

    mallory.wake('control');
    alice.wake('control');
    slots.shift()!();
    // Mallory's first slice ended after DRAIN_SLICE_MS of work.
    expect(log).toEqual(Array.from({ length: DRAIN_SLICE_MS }, () => 'mallory'));
    turns.soon(() => log.push('alice-apply'), 'request');
    slots.shift()!();
    expect(log.at(-1), 'alice\'s request went before mallory\'s next slice').toBe('alice-apply');
    for (let i = 0; i < 10 && slots.length; i++) slots.shift()!();
    expect(replicas, 'alice\'s replicas were made while mallory\'s controller kept going').toBe(0);
    expect(mallory.busy).toBe(true);
    mallory.stop();
  });
});
