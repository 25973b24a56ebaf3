import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_STREAK, installTurns, LIST_STREAK, PriorityTurns, PROMPT_STREAK, soonOnThread, type Lane } from './turns';

/** Turns whose slots fire when the test says (one slot per queued task, in the order they were scheduled). */
function handTurns() {
  const slots: (() => void)[] = [];
  const turns = new PriorityTurns((fn) => slots.push(fn));
  const ran: string[] = [];
  const queue = (name: string, lane: Lane) => turns.soon(() => ran.push(name), lane);
  const fire = (n = slots.length) => {
    for (let i = 0; i < n && slots.length; i++) slots.shift()!();
  };
  return { turns, slots, ran, queue, fire };
}

afterEach(() => installTurns(undefined));

describe('PriorityTurns', () => {
  it('runs a queued request first, then the control plane, then the nodes, whatever order they were queued in', () => {
    const { ran, queue, fire } = handTurns();
    queue('kubelet', 'node');
    queue('job-controller', 'control');
    queue('GET /apis/batch/v1', 'request');
    fire();
    expect(ran).toEqual(['GET /apis/batch/v1', 'job-controller', 'kubelet']);
  });

  it('gives a slot to the best task waiting when it fires, so a request queued while others wait goes next', () => {
    const { ran, queue, fire } = handTurns();
    queue('kubelet-1', 'node');
    queue('kubelet-2', 'node');
    fire(1);
    queue('PATCH job', 'request');
    fire();
    expect(ran).toEqual(['kubelet-1', 'PATCH job', 'kubelet-2']);
  });

  it('lets a waiting node task run after CONTROL_STREAK control tasks in a row, so kubelets are never starved', () => {
    const { ran, queue, fire } = handTurns();
    queue('kubelet', 'node');
    for (let i = 0; i < CONTROL_STREAK + 2; i++) queue(`controller-${i}`, 'control');
    fire();
    expect(ran.indexOf('kubelet')).toBe(CONTROL_STREAK);
    expect(ran.filter((r) => r.startsWith('controller-'))).toEqual(Array.from({ length: CONTROL_STREAK + 2 }, (_, i) => `controller-${i}`));
  });

  it('runs the drain a learner\'s write asked for after the requests and before other control work', () => {
    const { ran, queue, fire } = handTurns();
    queue('kubelet', 'node');
    queue('statefulset-controller of another cluster', 'control');
    queue('job-controller of the writer\'s cluster', 'prompt');
    queue('PATCH job', 'request');
    fire();
    expect(ran).toEqual(['PATCH job', 'job-controller of the writer\'s cluster', 'statefulset-controller of another cluster', 'kubelet']);
  });

  it('lets a waiting control task run after PROMPT_STREAK prompt tasks in a row, so learners writing in a loop starve no one\'s follow-up work', () => {
    const { ran, queue, fire } = handTurns();
    queue('next replica of another cluster', 'control');
    for (let i = 0; i < 3 * PROMPT_STREAK; i++) queue(`prompt-${i}`, 'prompt');
    fire();
    expect(ran.indexOf('next replica of another cluster')).toBe(PROMPT_STREAK);
    expect(ran.filter((r) => r.startsWith('prompt-'))).toEqual(Array.from({ length: 3 * PROMPT_STREAK }, (_, i) => `prompt-${i}`));
  });

  it('counts prompt and control tasks together against the node lane\'s CONTROL_STREAK', () => {
    const { ran, queue, fire } = handTurns();
    queue('kubelet', 'node');
    for (let i = 0; i < CONTROL_STREAK; i++) queue(`prompt-${i}`, 'prompt');
    queue('controller', 'control');
    fire();
    expect(ran.indexOf('kubelet')).toBe(CONTROL_STREAK);
  });

  it('runs a stream\'s opening lists after the requests and the drains writes asked for, and before other control work', () => {
    const { ran, queue, fire } = handTurns();
    queue('kubelet', 'node');
    queue('statefulset-controller of another cluster', 'control');
    queue('GET pods (a bench opening)', 'list');
    queue('job-controller of the writer\'s cluster', 'prompt');
    queue('PATCH job', 'request');
    fire();
    expect(ran).toEqual(['PATCH job', 'job-controller of the writer\'s cluster', 'GET pods (a bench opening)', 'statefulset-controller of another cluster', 'kubelet']);
  });

  it('lets a waiting list run after PROMPT_STREAK prompt tasks in a row, so a bench still opens while learners write in a loop', () => {
    const { ran, queue, fire } = handTurns();
    queue('GET pods (a bench opening)', 'list');
    for (let i = 0; i < 3 * PROMPT_STREAK; i++) queue(`prompt-${i}`, 'prompt');
    fire();
    expect(ran.indexOf('GET pods (a bench opening)')).toBe(PROMPT_STREAK);
  });

  it('lets a waiting control task run after LIST_STREAK lists in a row, so a class opening its benches starves no controller', () => {
    const { ran, queue, fire } = handTurns();
    queue('job-controller', 'control');
    for (let i = 0; i < 2 * LIST_STREAK; i++) queue(`list-${i}`, 'list');
    fire();
    expect(ran.indexOf('job-controller')).toBe(LIST_STREAK);
    expect(ran.filter((r) => r.startsWith('list-'))).toEqual(Array.from({ length: 2 * LIST_STREAK }, (_, i) => `list-${i}`));
  });

  it('does not count lists against the node lane\'s CONTROL_STREAK, as it counts no request: a bench opens with a bounded number', () => {
    const { ran, queue, fire } = handTurns();
    queue('kubelet', 'node');
    for (let i = 0; i < CONTROL_STREAK + 4; i++) queue(`list-${i}`, 'list');
    for (let i = 0; i < CONTROL_STREAK; i++) queue(`controller-${i}`, 'control');
    fire();
    expect(ran.indexOf('kubelet')).toBe(2 * CONTROL_STREAK + 4);
  });

  it('serves the inbox at the start of every slot, before the slot\'s task', () => {
    const { turns, ran, queue, fire } = handTurns();
    let waiting = 2;
    turns.serveInbox(() => {
      if (waiting > 0) ran.push(`message ${waiting--}`);
    });
    queue('controller', 'control');
    queue('kubelet', 'node');
    fire();
    expect(ran).toEqual(['message 2', 'controller', 'message 1', 'kubelet']);
  });

  it('keeps each lane first in, first out past its queue\'s compaction', () => {
    const { ran, queue, fire } = handTurns();
    for (let i = 0; i < 5000; i++) queue(String(i), 'node');
    fire(3000);
    for (let i = 5000; i < 6000; i++) queue(String(i), 'node');
    fire();
    expect(ran).toEqual(Array.from({ length: 6000 }, (_, i) => String(i)));
  });

});

describe('soonOnThread', () => {
  it('is a plain setImmediate on a thread without turns, and the installed turns\' lane on one with them', async () => {
    const order: string[] = [];
    soonOnThread(() => order.push('without turns'), 'node');
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['without turns']);

    const { turns, ran, fire } = handTurns();
    installTurns(turns);
    soonOnThread(() => ran.push('node work'), 'node');
    soonOnThread(() => ran.push('a request'), 'request');
    fire();
    expect(ran).toEqual(['a request', 'node work']);
  });
});
