/**
 * The pod phase from its container statuses: getPhase in pkg/kubelet/kubelet_pods.go.
 * Regular init containers gate Pending; restartable init containers (sidecars) count as
 * running but never decide Succeeded/Failed; podIsTerminal (all containers stopped for good:
 * the pod was deleted or its sidecars were stopped after the main containers) turns
 * "everything stopped" into a terminal phase whatever the restart policy.
 */
import { isSidecar, type ContainerStatus, type PodSpec } from './spec-types';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

function statusOf(statuses: ContainerStatus[], name: string): ContainerStatus | undefined {
  return statuses.find((s) => s.name === name);
}

/** kubecontainer.HasAnyRegularContainerStarted: a main container runs or ran. */
export function hasAnyRegularContainerStarted(spec: PodSpec, statuses: ContainerStatus[]): boolean {
  return spec.containers.some((c) => {
    const s = statusOf(statuses, c.name);
    return Boolean(s && (s.state.running || s.state.terminated || s.lastState.terminated));
  });
}

export function getPhase(spec: PodSpec, statuses: ContainerStatus[], podIsTerminal: boolean): PodPhase {
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const c of spec.initContainers ?? []) {
    if (isSidecar(c)) continue;
    const s = statusOf(statuses, c.name);
    if (!s) {
      pendingInitialization++;
    } else if (s.state.running) {
      pendingInitialization++;
    } else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else {
        pendingInitialization++;
      }
    } else {
      pendingInitialization++;
    }
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.initContainers ?? []) {
    if (!isSidecar(c)) continue;
    const s = statusOf(statuses, c.name);
    if (!s) {
      unknown++;
    } else if (s.state.running) {
      if (!s.started) pendingInitialization++;
      running++;
    } else if (s.state.terminated) {
      // A stopped sidecar does not decide the phase.
    } else if (s.state.waiting) {
      if (!s.lastState.terminated) {
        pendingInitialization++;
        waiting++;
      }
    } else {
      pendingInitialization++;
      unknown++;
    }
  }
  for (const c of spec.containers) {
    const s = statusOf(statuses, c.name);
    if (!s) {
      unknown++;
    } else if (s.state.running) {
      running++;
    } else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    } else {
      unknown++;
    }
  }

  const policy = spec.restartPolicy ?? 'Always';
  if (failedInitialization > 0 && policy === 'Never') return 'Failed';
  if ((pendingInitialization > 0 && !hasAnyRegularContainerStarted(spec, statuses)) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
