/**
 * updateDaemonSetStatus (pkg/controller/daemon/daemon_controller.go): every number is counted
 * per node from the oldest daemon pod on it, so `kubectl get ds` and `kubectl rollout status`
 * read the same truth.
 */
import type { KubeObject } from '../../types';
import { compareDaemonPods, CONTROLLER_REVISION_HASH_LABEL, isPodAvailable, isPodReady, POD_TEMPLATE_GENERATION_LABEL } from './daemon-pod';

export interface NodeDaemonPods {
  shouldRun: boolean;
  /** Daemon pods on the node, terminal ones being deleted left out. */
  pods: KubeObject[];
}

export interface DaemonSetStatusCounts {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

/** IsPodUpdated: the revision hash matches, or (for pods from before hashes) the template generation. */
export function isPodUpdated(pod: KubeObject, hash: string, templateGeneration: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (hash !== '' && labels[CONTROLLER_REVISION_HASH_LABEL] === hash) || (templateGeneration !== undefined && labels[POD_TEMPLATE_GENERATION_LABEL] === templateGeneration);
}

export function countStatus(nodes: NodeDaemonPods[], hash: string, templateGeneration: string | undefined, minReadySeconds: number, nowMs: number): DaemonSetStatusCounts {
  const s: DaemonSetStatusCounts = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  for (const n of nodes) {
    const scheduled = n.pods.length > 0;
    if (!n.shouldRun) {
      if (scheduled) s.numberMisscheduled++;
      continue;
    }
    s.desiredNumberScheduled++;
    if (!scheduled) continue;
    s.currentNumberScheduled++;
    const pod = [...n.pods].sort(compareDaemonPods)[0];
    if (isPodReady(pod)) {
      s.numberReady++;
      if (isPodAvailable(pod, minReadySeconds, nowMs)) s.numberAvailable++;
    }
    if (isPodUpdated(pod, hash, templateGeneration)) s.updatedNumberScheduled++;
  }
  s.numberUnavailable = s.desiredNumberScheduled - s.numberAvailable;
  return s;
}
