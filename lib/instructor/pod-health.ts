/**
 * A learner's cluster at a glance for the instructor: how many pods, and which ones are in
 * trouble, by kubectl's own STATUS column (the same words the learner sees), so "web-0:
 * CrashLoopBackOff" in the overview matches `kubectl get pods` on the learner's screen.
 */
import { printPod, type KubeObject } from '../k8s/sandbox';

export interface PodHealth {
  pods: number;
  /** "namespace/name: STATUS" for pods that need a look, worst first is not attempted: name order. */
  problems: string[];
}

/** STATUS values of pods that are fine or on their way: everything else needs a look. */
function isHealthy(status: string, pod: KubeObject): boolean {
  if (['Running', 'Completed', 'Succeeded', 'ContainerCreating', 'PodInitializing', 'Terminating'].includes(status)) return true;
  if (/^Init:\d+\/\d+$/.test(status)) return true;
  if (status === 'Pending') {
    // Waiting for the scheduler is normal; a pod the scheduler rejected is not.
    const scheduled = ((pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === 'PodScheduled');
    return scheduled?.status !== 'False';
  }
  return false;
}

export function podHealth(pods: KubeObject[], now: number): PodHealth {
  const problems: string[] = [];
  for (const pod of pods) {
    const status = String(printPod(pod, { now }).cells[2]);
    if (!isHealthy(status, pod)) problems.push(`${pod.metadata.namespace}/${pod.metadata.name}: ${status}`);
  }
  return { pods: pods.length, problems: problems.sort() };
}
