/**
 * PodWorker: one pod on one node, as the kubelet's pod worker + SyncPod drive it
 * (pkg/kubelet/pod_workers.go, kubelet.go SyncPod/SyncTerminatingPod,
 * kuberuntime/kuberuntime_manager.go computePodActions). sync(pod) is level-triggered: it
 * looks at the pod and at what its containers did, takes the next steps (pull, start,
 * restart with backoff, kill), writes the pod status once if it changed, and asks to be
 * synced again when a backoff or deadline ends. Container exits, pulls and probe results
 * only record what happened and wake the worker.
 */
import type { KubeObject } from '../types';
import type { ClockPort } from '../core/clock-port';
import type { ClusterClient } from '../controllers/framework/client';
import { GR } from '../controllers/framework/client';
import type { EventRecorder } from '../controllers/framework/events';
import type { LogStore } from '../logs/log-store';
import { ContainerConfigError, type ContainerConfig, type ContainerRuntime, type Mount } from '../runtime/types';
import { toISOSeconds } from '../clock';
import { jsonEqual } from '../store/json-value';
import { Backoff } from './backoff';
import { newContainerId } from './container-id';
import { ContainerSlot, containerStatus, type ContainerRun } from './container-run';
import { ContainerEnvError, resolveEnv, type EnvVar, type PodAddresses } from './env';
import { parseQuantity } from '../core/quantity';
import { goDuration } from './go-duration';
import { runHook } from './hooks';
import { kubeletConditions, mergeConditions } from './pod-conditions';
import { getPhase, type PodPhase } from './pod-phase';
import { startProbes } from './prober';
import { isSidecar, type PodSpec, type PodStatus } from './spec-types';
import { resolveMounts, VolumeMountError } from './volumes';

/** pod_workers.go backOffPeriod: how soon a sync that hit an error (pull, config) is retried. */
export const WORKER_BACKOFF_MS = 10_000;
/** kuberuntime_container.go minimumGracePeriodInSeconds. */
const MIN_GRACE_MS = 2_000;

export const DEADLINE_REASON = 'DeadlineExceeded';
export const DEADLINE_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/** What a worker needs from its kubelet. */
export interface WorkerHost {
  readonly nodeName: string;
  readonly client: ClusterClient;
  readonly recorder: EventRecorder;
  readonly clock: ClockPort;
  readonly runtime: ContainerRuntime;
  readonly logs: LogStore;
  random(): number;
  hostIP(): string;
  allocateIP(uid: string): string;
  /** Image pulls on a node are serialised (serializeImagePulls: true): when this one may run. */
  reservePull(requestedAt: number, pullMs: number): { startAt: number; endAt: number };
  wake(): void;
  wakeAfter(ms: number): void;
}

export class PodWorker {
  readonly uid: string;
  private pod: KubeObject;
  private readonly slots: ContainerSlot[];
  private readonly crashBackoff: Backoff;
  private readonly pullBackoff: Backoff;
  private startTime?: number;
  private podIP?: string;
  private initialized = false;
  /** A terminal phase decided by the kubelet itself (deadline, failed init with Never). */
  private decided?: { phase: PodPhase; reason?: string; message?: string };
  /** Terminal phase once written: a pod never leaves Succeeded/Failed. */
  private finalPhase?: PodPhase;
  /** The pod had finished before this worker was made (its kubelet started over it: a cluster woken from sleep). */
  private finishedBefore = false;
  private graceDeadline?: number;
  private deleted = false;
  private destroyed = false;
  private nextWake?: number;
  private readonly timers: (() => void)[] = [];

  constructor(pod: KubeObject, private readonly host: WorkerHost) {
    this.pod = pod;
    this.uid = pod.metadata.uid!;
    const spec = this.spec;
    this.slots = [
      ...(spec.initContainers ?? []).map((c) => new ContainerSlot(c, isSidecar(c) ? 'sidecar' : 'init')),
      ...spec.containers.map((c) => new ContainerSlot(c, 'main')),
    ];
    this.crashBackoff = new Backoff(() => host.clock.now());
    this.pullBackoff = new Backoff(() => host.clock.now());
    const status = (pod.status ?? {}) as PodStatus;
    if (status.startTime) this.startTime = Date.parse(status.startTime);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') {
      this.finalPhase = status.phase;
      this.finishedBefore = true;
    }
  }

  private get spec(): PodSpec {
    return this.pod.spec as PodSpec;
  }

  private get now(): number {
    return this.host.clock.now();
  }

  /** format.Pod: `name_namespace(uid)`, as kubelet messages name a pod. */
  private get podDesc(): string {
    return `${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`;
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string, slot?: ContainerSlot): void {
    this.host.recorder.event(this.pod, type, reason, message, slot?.fieldPath);
  }

  private wakeAt(time: number): void {
    if (this.nextWake === undefined || time < this.nextWake) this.nextWake = time;
  }

  private get addrs(): PodAddresses {
    return { podIP: this.podIP ?? '', hostIP: this.host.hostIP() };
  }

  // ---------- the sync ----------

  sync(pod: KubeObject): void {
    if (this.destroyed) return;
    this.pod = pod;
    this.nextWake = undefined;
    if (this.startTime === undefined) this.startTime = this.now;
    if (!this.podIP) {
      const existing = (pod.status as PodStatus | undefined)?.podIP;
      this.podIP = this.spec.hostNetwork ? this.host.hostIP() : existing || this.host.allocateIP(this.uid);
    }
    this.addEphemeralSlots();
    const deleting = Boolean(pod.metadata.deletionTimestamp);
    this.checkDeadline();
    if (deleting) {
      const grace = (pod.metadata.deletionGracePeriodSeconds ?? this.spec.terminationGracePeriodSeconds ?? 30) * 1000;
      this.terminate(grace);
    } else if (this.decided || this.finalPhase) {
      this.terminate((this.spec.terminationGracePeriodSeconds ?? 30) * 1000);
    } else {
      this.reconcile();
    }
    const stoppedForGood = (deleting || Boolean(this.decided) || Boolean(this.finalPhase) || this.mainsDone()) && this.slots.every((s) => !s.running);
    // A pod that finished before this worker was made keeps the container statuses written when
    // it finished (as a restarted kubelet reads them back from the runtime's exited containers):
    // none of its containers runs again, and this worker saw none of their runs.
    if (!this.finishedBefore || this.slots.some((s) => s.current)) this.writeStatus(stoppedForGood);
    if (deleting && stoppedForGood && !this.deleted) {
      this.deleted = true;
      this.host.runtime.removePod(this.uid);
      this.host.client.delete(GR.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: this.uid } });
    }
    if (this.nextWake !== undefined) this.host.wakeAfter(Math.max(0, this.nextWake - this.now));
  }

  /** Ephemeral containers arrive with later versions of the pod (pods/ephemeralcontainers): one slot each, kept for good. */
  private addEphemeralSlots(): void {
    for (const c of this.spec.ephemeralContainers ?? []) {
      if (!this.slots.some((s) => s.name === c.name)) this.slots.push(new ContainerSlot(c, 'ephemeral'));
    }
  }

  /** activeDeadlineSeconds (pkg/kubelet/active_deadline.go): fail the pod once it ran that long. */
  private checkDeadline(): void {
    const ads = this.spec.activeDeadlineSeconds;
    if (ads === undefined || this.decided || this.finalPhase || this.startTime === undefined) return;
    const deadline = this.startTime + ads * 1000;
    if (this.now < deadline) {
      this.wakeAt(deadline);
      return;
    }
    this.decided = { phase: 'Failed', reason: DEADLINE_REASON, message: DEADLINE_MESSAGE };
    this.event('Normal', DEADLINE_REASON, DEADLINE_MESSAGE);
  }

  private mainsDone(): boolean {
    const policy = this.spec.restartPolicy ?? 'Always';
    return this.slots
      .filter((s) => s.kind === 'main')
      .every((s) => s.current?.exit && s.current.exitSeen && !restarts(policy, s.current.exit.exitCode));
  }

  private reconcile(): void {
    const policy = this.spec.restartPolicy ?? 'Always';
    if (!this.initialized) {
      for (const slot of this.slots) {
        if (slot.kind === 'main') break;
        if (slot.kind === 'sidecar') {
          this.keepRunning(slot);
          const r = slot.current;
          if (!r || r.exit || !r.visible || !r.started) return;
          continue;
        }
        const r = slot.current;
        if (r && (!r.exit || !r.visible)) return;
        if (r?.exit) {
          if (!r.exitSeen) return;
          if (r.exit.exitCode === 0) continue;
          if (policy === 'Never') {
            this.decided = { phase: 'Failed' };
            this.terminate((this.spec.terminationGracePeriodSeconds ?? 30) * 1000);
            return;
          }
          this.restart(slot);
          return;
        }
        this.start(slot);
        return;
      }
      this.initialized = true;
    }

    const mains = this.slots.filter((s) => s.kind === 'main');
    for (const slot of mains) {
      const r = slot.current;
      if (!r) this.start(slot);
      else if (r.exit && r.exitSeen && restarts(policy, r.exit.exitCode)) this.restart(slot);
    }
    const sidecars = this.slots.filter((s) => s.kind === 'sidecar');
    if (this.mainsDone()) {
      // Sidecars stop after the main containers, last started first, so a Job pod completes.
      this.stopInReverse(sidecars, (this.spec.terminationGracePeriodSeconds ?? 30) * 1000);
    } else {
      for (const slot of sidecars) this.keepRunning(slot);
      // computePodActions: an ephemeral container starts once the pod is initialised, and never restarts.
      for (const slot of this.slots) if (slot.kind === 'ephemeral' && !slot.current) this.start(slot);
    }
  }

  /** Sidecars run whatever the pod's restartPolicy: start, or restart after an exit. */
  private keepRunning(slot: ContainerSlot): void {
    const r = slot.current;
    if (!r) this.start(slot);
    else if (r.exit && r.exitSeen) this.restart(slot);
  }

  /** doBackOff (kuberuntime_manager.go): restart unless the crash backoff still runs. */
  private restart(slot: ContainerSlot): void {
    const r = slot.current!;
    const key = slot.name;
    if (!r.backoffCounted) {
      if (this.crashBackoff.isInBackOffSince(key, r.finishedAt!)) {
        const delay = this.crashBackoff.get(key);
        if (slot.waiting?.reason !== 'CrashLoopBackOff') {
          this.event('Warning', 'BackOff', `Back-off restarting failed container ${slot.name} in pod ${this.podDesc}`, slot);
        }
        slot.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(delay)} restarting failed container=${slot.name} pod=${this.podDesc}` };
        this.wakeAt(r.finishedAt! + delay);
        return;
      }
      this.crashBackoff.next(key, r.finishedAt!);
      r.backoffCounted = true;
    }
    this.start(slot);
  }

  // ---------- starting a container ----------

  /** EnsureImageExists (pkg/kubelet/images/image_manager.go); undefined while not there yet. */
  private ensureImage(slot: ContainerSlot): { imageRef: string; imageID: string } | undefined {
    if (slot.pulled) return slot.pulled;
    if (slot.pulling) return undefined;
    const image = slot.spec.image;
    const images = this.host.runtime.images;
    const policy = slot.spec.imagePullPolicy ?? defaultPullPolicy(image);
    const present = images.present(this.host.nodeName, image);
    if (policy === 'Never' && !present) {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      this.event('Warning', 'ErrImageNeverPull', msg, slot);
      this.event('Warning', 'Failed', 'Error: ErrImageNeverPull', slot);
      slot.waiting = { reason: 'ErrImageNeverPull', message: msg };
      this.wakeAt(this.now + WORKER_BACKOFF_MS);
      return undefined;
    }
    const result = images.pull(image);
    if (!result.ok && result.reason === 'InvalidImageName') {
      this.event('Warning', 'InspectFailed', result.message, slot);
      this.event('Warning', 'Failed', 'Error: InvalidImageName', slot);
      slot.waiting = { reason: 'InvalidImageName', message: result.message };
      this.wakeAt(this.now + WORKER_BACKOFF_MS);
      return undefined;
    }
    if (present && policy !== 'Always' && result.ok) {
      this.event('Normal', 'Pulled', `Container image "${image}" already present on machine`, slot);
      slot.pulled = { imageRef: result.imageRef, imageID: result.imageID };
      return slot.pulled;
    }
    const backoffKey = image;
    if (this.pullBackoff.isInBackOffSinceUpdate(backoffKey)) {
      const msg = `Back-off pulling image "${image}"`;
      this.event('Normal', 'BackOff', msg, slot);
      this.event('Warning', 'Failed', 'Error: ImagePullBackOff', slot);
      slot.waiting = { reason: 'ImagePullBackOff', message: msg };
      this.wakeAt(this.pullBackoff.lastUpdate(backoffKey)! + this.pullBackoff.get(backoffKey));
      return undefined;
    }
    this.event('Normal', 'Pulling', `Pulling image "${image}"`, slot);
    if (!result.ok) {
      this.event('Warning', 'Failed', `Failed to pull image "${image}": ${result.message}`, slot);
      this.pullBackoff.next(backoffKey, this.now);
      this.event('Warning', 'Failed', `Error: ${result.reason}`, slot);
      slot.waiting = { reason: result.reason, message: result.message };
      this.wakeAt(this.now + WORKER_BACKOFF_MS);
      return undefined;
    }
    const requestedAt = this.now;
    const { endAt } = this.host.reservePull(requestedAt, result.pullMs);
    slot.pulling = true;
    this.timers.push(this.host.clock.setTimer(endAt - requestedAt, () => {
      slot.pulling = false;
      if (this.destroyed) return;
      images.markPresent(this.host.nodeName, image);
      slot.pulled = { imageRef: result.imageRef, imageID: result.imageID };
      this.event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${goDuration(result.pullMs)} (${goDuration(endAt - requestedAt)} including waiting). Image size: ${result.sizeBytes} bytes.`, slot);
      this.host.wake();
    }));
    return undefined;
  }

  /** startContainer (kuberuntime_container.go): image, config, create+start, postStart. */
  private start(slot: ContainerSlot): void {
    const pulled = this.ensureImage(slot);
    if (!pulled) return;
    const spec = slot.spec;
    let env: EnvVar[];
    let mounts: Mount[];
    try {
      mounts = resolveMounts(this.pod, spec, this.host.client, this.host.nodeName, this.addrs);
      env = resolveEnv(this.pod, spec, this.host.client, this.addrs);
    } catch (e) {
      if (e instanceof VolumeMountError) {
        // The volume manager keeps the pod in ContainerCreating and retries.
        this.event('Warning', 'FailedMount', e.message);
        this.wakeAt(this.now + WORKER_BACKOFF_MS);
        return;
      }
      if (e instanceof ContainerEnvError) {
        this.event('Warning', 'Failed', `Error: ${e.message}`, slot);
        slot.waiting = { reason: 'CreateContainerConfigError', message: e.message };
        this.wakeAt(this.now + WORKER_BACKOFF_MS);
        return;
      }
      throw e;
    }
    const memory = parseQuantity(spec.resources?.limits?.memory);
    const config: ContainerConfig = {
      namespace: this.pod.metadata.namespace!,
      podName: this.pod.metadata.name!,
      podUid: this.uid,
      nodeName: this.host.nodeName,
      podIP: this.podIP!,
      // A hostNetwork pod shares the node's UTS namespace: its hostname is the node's (kubectl debug node/...).
      hostname: this.spec.hostNetwork ? this.host.nodeName : this.spec.hostname ?? this.pod.metadata.name!,
      ...(this.spec.subdomain ? { subdomain: this.spec.subdomain } : {}),
      containerName: spec.name,
      image: spec.image,
      ...(spec.command ? { command: spec.command } : {}),
      ...(spec.args ? { args: spec.args } : {}),
      env,
      ...(spec.workingDir ? { workingDir: spec.workingDir } : {}),
      mounts,
      ports: spec.ports ?? [],
      ...(memory !== undefined ? { memoryLimitBytes: memory } : {}),
      ...(spec.stdin ? { stdin: true } : {}),
      ...(spec.tty ? { tty: true } : {}),
      // kubectl debug --target: the ephemeral container joins that container's process namespace.
      ...(slot.kind === 'ephemeral' && spec.targetContainerName ? { targetContainerName: spec.targetContainerName } : {}),
      ...(this.spec.shareProcessNamespace ? { shareProcessNamespace: true } : {}),
    };
    const logKey = { namespace: config.namespace, pod: config.podName, container: spec.name };
    const restarting = Boolean(slot.current);
    if (restarting) this.host.logs.rotate(logKey);
    let running;
    try {
      running = this.host.runtime.start(config, (line) => this.host.logs.append(logKey, { time: this.now, text: line.text }));
    } catch (e) {
      if (!(e instanceof ContainerConfigError)) throw e;
      this.event('Warning', 'Failed', `Error: ${e.message}`, slot);
      slot.waiting = { reason: 'CreateContainerError', message: e.message };
      this.wakeAt(this.now + WORKER_BACKOFF_MS);
      return;
    }
    this.event('Normal', 'Created', `Created container ${spec.name}`, slot);
    this.event('Normal', 'Started', `Started container ${spec.name}`, slot);
    const run: ContainerRun = {
      id: newContainerId(() => this.host.random()),
      container: running,
      imageRef: pulled.imageRef,
      imageID: pulled.imageID,
      startedAt: this.now,
      visible: !spec.lifecycle?.postStart,
      started: false,
      ready: false,
      stopping: false,
      exitSeen: false,
      backoffCounted: false,
      cancels: [],
    };
    if (restarting) {
      slot.previous = slot.current;
      slot.restartCount++;
    }
    slot.current = run;
    slot.waiting = undefined;
    slot.pulled = undefined;
    running.exited.then((exit) => {
      run.exit = exit;
      run.finishedAt = this.now;
      for (const cancel of run.cancels.splice(0)) cancel();
      if (!this.destroyed) this.host.wake();
    });
    const postStart = spec.lifecycle?.postStart;
    if (!postStart) {
      this.probe(slot, run);
      return;
    }
    const grace = (this.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    void runHook(running, spec, postStart, this.podDesc, grace, this.host.clock).then((result) => {
      if (this.destroyed) return;
      run.visible = true;
      if (!result.ok) {
        this.event('Warning', 'FailedPostStartHook', result.message, slot);
        this.kill(slot, run, 'FailedPostStartHook', grace);
      } else {
        this.probe(slot, run);
      }
      this.host.wake();
    });
  }

  private probe(slot: ContainerSlot, run: ContainerRun): void {
    startProbes(run, slot.spec, {
      clock: this.host.clock,
      unhealthy: (message) => this.event('Warning', 'Unhealthy', message, slot),
      changed: () => this.host.wake(),
      kill: (r, message) => {
        const probeGrace = slot.spec.livenessProbe?.terminationGracePeriodSeconds;
        this.kill(slot, r, message, (probeGrace ?? this.spec.terminationGracePeriodSeconds ?? 30) * 1000);
        this.host.wake();
      },
    });
  }

  // ---------- stopping ----------

  /**
   * killContainer (kuberuntime_container.go): Killing event, preStop within the grace
   * period, SIGTERM, and SIGKILL when what is left of the grace period (at least 2s) ends.
   */
  private kill(slot: ContainerSlot, run: ContainerRun, message: string, graceMs: number): void {
    if (run.exit || run.stopping) return;
    run.stopping = true;
    for (const cancel of run.cancels.splice(0)) cancel();
    this.event('Normal', 'Killing', message, slot);
    const begun = this.now;
    const term = () => {
      if (run.exit) return;
      run.container.signal('SIGTERM');
      const left = Math.max(graceMs - (this.now - begun), MIN_GRACE_MS);
      run.cancels.push(this.host.clock.setTimer(left, () => run.exit || run.container.signal('SIGKILL')));
    };
    const preStop = slot.spec.lifecycle?.preStop;
    if (!preStop) return term();
    let signalled = false;
    const once = () => {
      if (signalled) return;
      signalled = true;
      term();
    };
    run.cancels.push(this.host.clock.setTimer(graceMs, once));
    void runHook(run.container, slot.spec, preStop, this.podDesc, graceMs, this.host.clock).then((result) => {
      if (!result.ok && !this.destroyed) this.event('Warning', 'FailedPreStopHook', result.message, slot);
      once();
    });
  }

  private stopInReverse(slots: ContainerSlot[], graceMs: number): void {
    for (const slot of [...slots].reverse()) {
      if (!slot.running) continue;
      this.kill(slot, slot.current!, `Stopping container ${slot.name}`, graceMs);
      return;
    }
  }

  /** SyncTerminatingPod: main (and running init) containers first, then sidecars in reverse. */
  private terminate(graceMs: number): void {
    this.graceDeadline ??= this.now + graceMs;
    const left = Math.max(this.graceDeadline - this.now, MIN_GRACE_MS);
    const first = this.slots.filter((s) => s.kind !== 'sidecar' && s.running);
    for (const slot of first) this.kill(slot, slot.current!, `Stopping container ${slot.name}`, left);
    if (first.length === 0) this.stopInReverse(this.slots.filter((s) => s.kind === 'sidecar'), left);
  }

  // ---------- status ----------

  private writeStatus(stoppedForGood: boolean): void {
    const spec = this.spec;
    const old = (this.pod.status ?? {}) as PodStatus;
    const hasInit = (spec.initContainers ?? []).length > 0;
    const initStatuses = this.slots.filter((s) => s.kind === 'init' || s.kind === 'sidecar').map((s) => containerStatus(s, hasInit));
    const ephemeralStatuses = this.slots.filter((s) => s.kind === 'ephemeral').map((s) => containerStatus(s, false));
    const statuses = this.slots.filter((s) => s.kind === 'main').map((s) => containerStatus(s, hasInit));
    let phase: PodPhase = this.finalPhase ?? this.decided?.phase ?? getPhase(spec, [...initStatuses, ...statuses], stoppedForGood);
    if (old.phase === 'Succeeded' || old.phase === 'Failed') phase = old.phase;
    const nowISO = toISOSeconds(this.now);
    const hostIP = this.host.hostIP();
    const conditions = mergeConditions(old.conditions ?? [], kubeletConditions(spec, old.conditions ?? [], initStatuses, statuses, phase, true), nowISO);
    const { reason: _r, message: _m, ...rest } = old;
    const reason = this.decided?.reason ?? old.reason;
    const message = this.decided?.message ?? old.message;
    const status: PodStatus = {
      ...rest,
      phase,
      conditions,
      ...(message ? { message } : {}),
      ...(reason ? { reason } : {}),
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP: this.podIP,
      podIPs: [{ ip: this.podIP! }],
      startTime: toISOSeconds(this.startTime!),
      ...(hasInit ? { initContainerStatuses: initStatuses } : {}),
      containerStatuses: statuses,
      ...(ephemeralStatuses.length > 0 ? { ephemeralContainerStatuses: ephemeralStatuses } : {}),
    };
    if (!jsonEqual(status, old)) {
      this.pod = this.host.client.updateStatus({ ...this.pod, status });
    }
    if (phase === 'Succeeded' || phase === 'Failed') {
      this.finalPhase = phase;
      // Whatever still runs in a finished pod is stopped (a sidecar after a failed init).
      if (this.slots.some((s) => s.running)) this.wakeAt(this.now);
    }
    let newlySeen = false;
    for (const slot of this.slots) {
      const r = slot.current;
      if (r?.exit && r.visible && !r.exitSeen) {
        r.exitSeen = true;
        newlySeen = true;
      }
    }
    if (newlySeen) this.wakeAt(this.now);
  }

  // ---------- for the kubelet ----------

  /** The running container for exec, if any. */
  runningContainer(name: string) {
    const slot = this.slots.find((s) => s.name === name);
    return slot?.running ? slot.current!.container : undefined;
  }

  /** The pod is gone from the API (or its node): stop at once and forget it. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const cancel of this.timers.splice(0)) cancel();
    for (const slot of this.slots) {
      const r = slot.current;
      if (!r) continue;
      for (const cancel of r.cancels.splice(0)) cancel();
      if (!r.exit) r.container.signal('SIGKILL');
    }
    if (!this.deleted) this.host.runtime.removePod(this.uid);
    this.host.logs.removePod(this.pod.metadata.namespace!, this.pod.metadata.name!);
  }

  /** The kubelet stops (node removed, cluster closed): cancel timers, leave containers. */
  pause(): void {
    for (const cancel of this.timers.splice(0)) cancel();
    for (const slot of this.slots) for (const cancel of slot.current?.cancels.splice(0) ?? []) cancel();
  }
}

function restarts(policy: string, exitCode: number): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/** The API default (pkg/apis/core/v1/defaults.go), for a pod stored without one. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.split('/').pop() ?? '';
  const tag = last.includes(':') ? last.slice(last.lastIndexOf(':') + 1) : '';
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}
