/**
 * What the kubelet remembers about each container of a pod: the current run (a started
 * container in the runtime), the previous one (lastState, kubectl logs --previous), the
 * restart count and the waiting reason it reports between runs. containerStatus() renders
 * this as the core/v1 ContainerStatus the kubelet writes (convertToAPIContainerStatuses).
 */
import type { ContainerExit, RunningContainer } from '../runtime/types';
import { toISOSeconds } from '../clock';
import { CONTAINER_ID_PREFIX } from './container-id';
import type { ContainerSpec, ContainerState, ContainerStatus, TerminatedState } from './spec-types';

export interface ContainerRun {
  id: string;
  container: RunningContainer;
  imageRef: string;
  imageID: string;
  startedAt: number;
  exit?: ContainerExit;
  finishedAt?: number;
  /** False while postStart runs: the kubelet reports a container once its start returned. */
  visible: boolean;
  /** Startup probe passed (or none). */
  started: boolean;
  /** Readiness probe says ready (or none). */
  ready: boolean;
  /** A kill (SIGTERM, then SIGKILL) is under way. */
  stopping: boolean;
  /** The exit has been written in a status once, so the next sync may restart it. */
  exitSeen: boolean;
  /** The crash backoff was moved for restarting after this run. */
  backoffCounted: boolean;
  /** Timers to cancel when the run ends (probes, SIGKILL). */
  cancels: (() => void)[];
}

/** ephemeral: added later through pods/ephemeralcontainers (kubectl debug); never restarted. */
export type SlotKind = 'init' | 'sidecar' | 'main' | 'ephemeral';

export interface Waiting {
  reason: string;
  message?: string;
}

export class ContainerSlot {
  current?: ContainerRun;
  previous?: ContainerRun;
  restartCount = 0;
  waiting?: Waiting;
  pulled?: { imageRef: string; imageID: string };
  pulling = false;

  constructor(readonly spec: ContainerSpec, readonly kind: SlotKind) {}

  get name(): string {
    return this.spec.name;
  }

  /** The event fieldPath upstream sets (kubecontainer.GenerateContainerRef). */
  get fieldPath(): string {
    if (this.kind === 'ephemeral') return `spec.ephemeralContainers{${this.name}}`;
    return this.kind === 'main' ? `spec.containers{${this.name}}` : `spec.initContainers{${this.name}}`;
  }

  /** True while the current run's process has not ended. */
  get running(): boolean {
    return Boolean(this.current && !this.current.exit);
  }
}

function terminated(run: ContainerRun): TerminatedState {
  const exit = run.exit!;
  return {
    exitCode: exit.exitCode,
    reason: exit.reason,
    ...(exit.message ? { message: exit.message } : {}),
    startedAt: toISOSeconds(run.startedAt),
    finishedAt: toISOSeconds(run.finishedAt ?? run.startedAt),
    containerID: CONTAINER_ID_PREFIX + run.id,
  };
}

export function containerStatus(slot: ContainerSlot, podHasInitContainers: boolean): ContainerStatus {
  let cur = slot.current;
  let prev = slot.previous;
  let restartCount = slot.restartCount;
  if (cur && !cur.visible) {
    // A start still in its postStart hook: report what was there before it.
    cur = prev;
    prev = undefined;
    restartCount = Math.max(0, restartCount - 1);
  }
  const defaultWaiting: Waiting = { reason: podHasInitContainers ? 'PodInitializing' : 'ContainerCreating' };
  let state: ContainerState;
  let lastState: ContainerState = {};
  if (!cur) {
    state = { waiting: { ...(slot.waiting ?? defaultWaiting) } };
  } else if (!cur.exit) {
    state = { running: { startedAt: toISOSeconds(cur.startedAt) } };
    if (prev?.exit) lastState = { terminated: terminated(prev) };
  } else if (slot.waiting && cur.exitSeen) {
    state = { waiting: { ...slot.waiting } };
    lastState = { terminated: terminated(cur) };
  } else {
    state = { terminated: terminated(cur) };
    if (prev?.exit) lastState = { terminated: terminated(prev) };
  }
  const runningNow = Boolean(cur && !cur.exit);
  // An ephemeral container never counts as ready (the status manager only rates spec.containers).
  const ready = slot.kind === 'ephemeral' ? false : slot.kind === 'init' ? cur?.exit?.exitCode === 0 : runningNow && cur!.started && cur!.ready;
  const status: ContainerStatus = {
    name: slot.name,
    state,
    lastState,
    ready,
    restartCount,
    image: cur?.imageRef ?? slot.spec.image,
    imageID: cur?.imageID ?? '',
    ...(cur ? { containerID: CONTAINER_ID_PREFIX + cur.id } : {}),
    started: runningNow && cur!.started,
  };
  if (cur && slot.spec.volumeMounts?.length) {
    // RecursiveReadOnlyMounts (beta, on in 1.31+): the runtime's mounts are reported back.
    status.volumeMounts = slot.spec.volumeMounts.map((m) => ({
      name: m.name,
      mountPath: m.mountPath,
      ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
    }));
  }
  return status;
}
