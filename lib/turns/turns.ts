/**
 * Turns: who runs next when one thread serves many clusters.
 *
 * A real cluster's API server and control plane run on their own machines: a learner's apply
 * is answered and the Job controller makes the first pod while the nodes are busy running
 * containers. A sandbox worker runs a hundred clusters on one thread. With plain setImmediate,
 * every request waits for a full pass over every other cluster's queued work before it starts
 * (measured under a class pressing Apply together: 100–250 ms per request, five requests an
 * apply), and its answer waits for another pass for the store's commit.
 *
 * `PriorityTurns` gives the thread's work three lanes. Each queued task has one setImmediate slot
 * (so microtasks run between tasks, as between immediates), but a slot runs the best task
 * waiting when it fires, not the one that queued it:
 *  1. first, the messages waiting on the worker's port (the portal's requests and calls),
 *     handled at every slot instead of once a turn in the poll phase;
 *  2. the request lane: starting a request the worker was handed, and the store commit its
 *     answer waits for;
 *  3. the prompt lane: the control plane's drain of a cluster whose learner just wrote (an Apply,
 *     a kubectl create): what the write asked for, the first pods of a Job, a StatefulSet's first
 *     replica, comes before other clusters' follow-up work. When a class comes back together, a
 *     hundred clusters' controllers, schedulers and kubelets keep the thread busy for seconds, and
 *     a first Apply's Job waited behind every other cluster's queued drain (scripts/bench/
 *     class-capacity.mjs capacity, round 1). Each cluster has at most one drain queued in a lane,
 *     so one learner writing in a loop cannot fill it;
 *  4. the list lane: the lists a stream opens with (the lab bench's, the instructor's inspect
 *     view), eleven a bench. A class opening its benches together queued a thousand of them,
 *     each a whole list to serialise, ahead of the first Applies' requests and their first
 *     pods (a trace of scripts/bench/class-capacity.mjs capacity: requests waited 350–600 ms in
 *     the first second). A stream's watches stay in the request lane: they are cheap, and the
 *     bench's first pod event comes through one;
 *  5. the control lane: controllers' and the scheduler's other drains, and the components'
 *     starts of woken clusters (SandboxHost's start queue);
 *  6. the node lane: kubelets' drains (container starts, probes, status writes).
 * No lane below the requests is starved: after CONTROL_STREAK prompt and control tasks in a row
 * (lists, like requests, do not count: a bench opens with a bounded number), a waiting node task
 * runs next; after PROMPT_STREAK prompt tasks in a row, a waiting list or control task does (learners writing in a loop keep the prompt lane full, and everyone's
 * follow-up work, a Job's next pod, a StatefulSet's next replica, is in the control lane); and
 * after LIST_STREAK list tasks in a row, a waiting control task does.
 *
 * A task is short because its producers make it so: a controller's drain yields after
 * DRAIN_SLICE_MS (controllers/framework/runner.ts), since no lane can pass a task already running.
 *
 * One PriorityTurns serves a thread (installTurns, in a sandbox worker); without one,
 * soonOnThread is setImmediate and the Runner drains all its processors together, as tests and a
 * cluster alone expect.
 */

/** Which lane a task takes; see the file comment for the order. */
export type Lane = 'request' | 'prompt' | 'list' | 'control' | 'node';

export interface TurnScheduler {
  /** Runs fn on a later macrotask, in its lane's order. */
  soon(fn: () => void, lane: Lane): void;
}

/** Prompt and control tasks run in a row at most this many times while a node task waits. */
export const CONTROL_STREAK = 8;

/** Prompt tasks run in a row at most this many times while a list or control task waits. */
export const PROMPT_STREAK = 8;

/** List tasks run in a row at most this many times while a control task waits. */
export const LIST_STREAK = 32;

/** A FIFO without Array.shift's copying: tasks are taken from a moving head. */
class TaskQueue {
  private items: ((() => void) | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(fn: () => void): void {
    this.items.push(fn);
  }

  take(): (() => void) | undefined {
    if (this.head >= this.items.length) return undefined;
    const fn = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return fn;
  }
}

export class PriorityTurns implements TurnScheduler {
  private readonly lanes: Record<Lane, TaskQueue> = { request: new TaskQueue(), prompt: new TaskQueue(), list: new TaskQueue(), control: new TaskQueue(), node: new TaskQueue() };
  private streak = 0;
  /** Prompt tasks run in a row while a list or control task waited. */
  private promptStreak = 0;
  /** List tasks run in a row while a control task waited. */
  private listStreak = 0;
  private inbox: () => void = () => undefined;

  /** slot: how a slot is scheduled (setImmediate; tests pass their own). */
  constructor(private readonly slot: (fn: () => void) => void = (fn) => setImmediate(fn)) {}

  /** What each slot does first: the worker side handles the messages waiting on its port. */
  serveInbox(inbox: () => void): void {
    this.inbox = inbox;
  }

  soon(fn: () => void, lane: Lane): void {
    this.lanes[lane].push(fn);
    this.slot(() => this.runSlot());
  }

  private runSlot(): void {
    this.inbox();
    // Every queued task has a slot of its own, so one is waiting; the inbox may have queued more (with their slots).
    this.next()?.();
  }

  private next(): (() => void) | undefined {
    const { request, prompt, list, control, node } = this.lanes;
    if (request.size > 0) return request.take();
    const plane = prompt.size + list.size + control.size;
    if (plane > 0 && (this.streak < CONTROL_STREAK || node.size === 0)) return this.nextOfPlane();
    this.streak = 0;
    return node.take() ?? this.nextOfPlane();
  }

  /**
   * The control plane's next task, by lane: prompt, list, control; but a waiting lower one
   * after PROMPT_STREAK prompt tasks, and a waiting control task after LIST_STREAK list tasks.
   */
  private nextOfPlane(): (() => void) | undefined {
    const { prompt, list, control } = this.lanes;
    if (prompt.size > 0 && (this.promptStreak < PROMPT_STREAK || list.size + control.size === 0)) {
      this.promptStreak++;
      this.streak++;
      return prompt.take();
    }
    this.promptStreak = 0;
    // A list does not count towards the node lane's streak: a stream opens with a bounded number.
    if (list.size > 0 && (this.listStreak < LIST_STREAK || control.size === 0)) {
      this.listStreak++;
      return list.take();
    }
    this.listStreak = 0;
    this.streak++;
    return control.take() ?? list.take() ?? prompt.take();
  }
}

let installed: TurnScheduler | undefined;

/** Makes turns this thread's: a sandbox worker's setup does, before it builds any cluster. */
export function installTurns(turns: TurnScheduler | undefined): void {
  installed = turns;
}

/** This thread's turns, if a worker installed them. */
export function installedTurns(): TurnScheduler | undefined {
  return installed;
}

/** Runs fn on a later macrotask: in its lane when this thread has turns, else by setImmediate. */
export function soonOnThread(fn: () => void, lane: Lane): void {
  if (installed) installed.soon(fn, lane);
  else setImmediate(fn);
}
