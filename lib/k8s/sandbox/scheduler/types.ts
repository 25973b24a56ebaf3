/**
 * The scheduler's shared shapes: typed views of the pod and node fields the plugins read,
 * the per-node view of the cluster a cycle works on (NodeInfo, as the scheduler cache's
 * snapshot), and a plugin's verdict (framework.Status with its code and reasons).
 */
import type { KubeObject } from '../types';
import type { NodeSelectorTerm } from '../controllers/daemonset/node-affinity';
import type { Taint, Toleration } from '../controllers/nodelifecycle/tolerations';
import type { MetaLabelSelector } from '../store/label-selector';

export type { NodeSelectorTerm, Taint, Toleration };

export interface ContainerPort {
  containerPort?: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: string;
}

export interface ContainerView {
  name: string;
  ports?: ContainerPort[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  restartPolicy?: string;
}

export interface PodAffinityTerm {
  labelSelector?: MetaLabelSelector | null;
  namespaces?: string[];
  namespaceSelector?: MetaLabelSelector | null;
  topologyKey: string;
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: MetaLabelSelector | null;
  minDomains?: number;
  matchLabelKeys?: string[];
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
}

export interface PodSpecView {
  nodeName?: string;
  schedulerName?: string;
  priority?: number;
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  schedulingGates?: { name: string }[];
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  containers?: ContainerView[];
  initContainers?: ContainerView[];
  overhead?: Record<string, string | number>;
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string }; ephemeral?: unknown }[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
      preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
    };
    podAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[]; preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[] };
    podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[]; preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[] };
  };
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export interface PodStatusView {
  phase?: string;
  nominatedNodeName?: string;
  startTime?: string;
  conditions?: PodCondition[];
}

export interface NodeSpecView {
  unschedulable?: boolean;
  taints?: Taint[];
}

export const podSpec = (pod: KubeObject): PodSpecView => (pod.spec ?? {}) as PodSpecView;
export const podStatus = (pod: KubeObject): PodStatusView => (pod.status ?? {}) as PodStatusView;
export const nodeSpec = (node: KubeObject): NodeSpecView => (node.spec ?? {}) as NodeSpecView;
export const podPriority = (pod: KubeObject): number => podSpec(pod).priority ?? 0;
export const podKey = (pod: KubeObject): string => `${pod.metadata.namespace}/${pod.metadata.name}`;

/** A pod that has finished: the scheduler's informer does not see it (status.phase!=Succeeded,Failed). */
export function isTerminal(pod: KubeObject): boolean {
  const phase = podStatus(pod).phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** One node and the pods that count on it (bound, plus nominated ones where the cycle says so). */
export interface NodeInfo {
  node: KubeObject;
  pods: KubeObject[];
}

/** What a cycle reads besides nodes: claims, classes, volumes and namespace labels. */
export interface ClusterLookup {
  pvc(namespace: string, name: string): KubeObject | undefined;
  storageClass(name: string): KubeObject | undefined;
  pvs(): KubeObject[];
  namespaceLabels(namespace: string): Record<string, string> | undefined;
  /**
   * helper.DefaultSelector: the selectors of the Services, ReplicaSets and StatefulSets that
   * select the pod, ANDed; used by the system-default topology spread. Undefined if none.
   */
  defaultSpreadSelector(pod: KubeObject): MetaLabelSelector | undefined;
}

export interface Snapshot extends ClusterLookup {
  /** Every schedulable-looking node (not being deleted), in name order. */
  nodes: NodeInfo[];
}

/**
 * framework.Code for a rejection. UnschedulableAndUnresolvable tells DefaultPreemption that
 * removing pods from the node cannot help.
 */
export type RejectCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Rejection {
  code: RejectCode;
  reasons: string[];
}

export const unschedulable = (...reasons: string[]): Rejection => ({ code: 'Unschedulable', reasons });
export const unresolvable = (...reasons: string[]): Rejection => ({ code: 'UnschedulableAndUnresolvable', reasons });

/** A filter plugin: undefined means the node fits. */
export interface FilterPlugin {
  name: string;
  /** Runs once per cycle; a rejection fails the whole pod (PreFilter). */
  preFilter?(pod: KubeObject, snap: Snapshot): Rejection | undefined;
  filter(pod: KubeObject, nodeInfo: NodeInfo, snap: Snapshot): Rejection | undefined;
}

/** A score plugin: raw scores per feasible node, then normalised to 0..100 and weighted. */
export interface ScorePlugin {
  name: string;
  weight: number;
  score(pod: KubeObject, feasible: NodeInfo[], snap: Snapshot): number[];
}

export const MAX_NODE_SCORE = 100;
