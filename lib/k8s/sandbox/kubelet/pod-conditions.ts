/**
 * The conditions the kubelet owns (pkg/kubelet/status/generate.go) and how the status
 * manager merges them into the pod's (pkg/kubelet/status/status_manager.go): conditions
 * other components own (DisruptionTarget, readiness gates) are kept first, the kubelet's
 * five follow in upstream order, and lastTransitionTime moves only when a status changes.
 */
import { hasAnyRegularContainerStarted, type PodPhase } from './pod-phase';
import { isSidecar, type ContainerStatus, type PodCondition, type PodSpec } from './spec-types';

export const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'] as const;

function cond(type: string, status: boolean, reason?: string, message?: string): PodCondition {
  return { type, status: status ? 'True' : 'False', ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

const list = (names: string[]) => `[${names.join(' ')}]`;

export function containersReadyCondition(spec: PodSpec, statuses: ContainerStatus[], phase: PodPhase): PodCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string) => {
    const s = statuses.find((x) => x.name === name);
    if (!s) unknown.push(name);
    else if (!s.ready) unready.push(name);
  };
  for (const c of spec.initContainers ?? []) if (isSidecar(c)) check(c.name);
  for (const c of spec.containers) check(c.name);
  if ((phase === 'Succeeded' && unknown.length === 0) || phase === 'Failed') {
    return cond('ContainersReady', false, phase === 'Failed' ? 'PodFailed' : 'PodCompleted');
  }
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${list(unknown)}`);
  if (unready.length) messages.push(`containers with unready status: ${list(unready)}`);
  if (messages.length) return cond('ContainersReady', false, 'ContainersNotReady', messages.join(', '));
  return cond('ContainersReady', true);
}

export function podReadyCondition(spec: PodSpec, conditions: PodCondition[], statuses: ContainerStatus[], phase: PodPhase): PodCondition {
  const containersReady = containersReadyCondition(spec, statuses, phase);
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const messages: string[] = [];
  for (const gate of spec.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  if (messages.length) return cond('Ready', false, 'ReadinessGatesNotReady', messages.join(', '));
  return cond('Ready', true);
}

export function initializedCondition(spec: PodSpec, initStatuses: ContainerStatus[], statuses: ContainerStatus[], phase: PodPhase): PodCondition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of spec.initContainers ?? []) {
    const s = initStatuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (isSidecar(c) ? !s.started : !s.ready) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return cond('Initialized', true, 'PodCompleted');
  // Once a main container has run the pod stays initialized, even while a sidecar restarts.
  if (hasAnyRegularContainerStarted(spec, statuses)) return cond('Initialized', true);
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${list(unknown)}`);
  if (incomplete.length) messages.push(`containers with incomplete status: ${list(incomplete)}`);
  if (messages.length) return cond('Initialized', false, 'ContainersNotInitialized', messages.join(', '));
  return cond('Initialized', true);
}

/** The kubelet's conditions for a status, in the order it appends them. */
export function kubeletConditions(
  spec: PodSpec,
  existing: PodCondition[],
  initStatuses: ContainerStatus[],
  statuses: ContainerStatus[],
  phase: PodPhase,
  sandboxReady: boolean,
): PodCondition[] {
  return [
    cond('PodReadyToStartContainers', sandboxReady),
    initializedCondition(spec, initStatuses, statuses, phase),
    podReadyCondition(spec, existing, [...initStatuses.filter((s) => isSidecarName(spec, s.name)), ...statuses], phase),
    containersReadyCondition(spec, [...initStatuses.filter((s) => isSidecarName(spec, s.name)), ...statuses], phase),
    cond('PodScheduled', true),
  ];
}

function isSidecarName(spec: PodSpec, name: string): boolean {
  return (spec.initContainers ?? []).some((c) => c.name === name && isSidecar(c));
}

/**
 * Old conditions owned by others first, then the kubelet's; each keeps its old
 * lastTransitionTime unless its status changed (updateLastTransitionTime).
 */
export function mergeConditions(old: PodCondition[], generated: PodCondition[], nowISO: string): PodCondition[] {
  const owned = new Set<string>(KUBELET_CONDITIONS);
  const kept = old.filter((c) => !owned.has(c.type));
  const merged = generated.map((c) => {
    const prev = old.find((o) => o.type === c.type);
    const lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : nowISO;
    const { reason, message, ...rest } = c;
    return { ...rest, lastProbeTime: null, lastTransitionTime, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  });
  return [...kept, ...merged];
}
