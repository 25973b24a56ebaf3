/**
 * An observer for Try-its about the scheduler's explanation of a Pending pod: the message of the
 * pod's `PodScheduled=False` condition, which is the FailedScheduling event's message
 * (`0/4 nodes are available: …`). The learner predicts a part of it (how many nodes a reason
 * counts); the observer settles on the first answer whose text the message holds.
 */
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import type { Observation } from './observe';

/** One possible outcome: the value it stands for, and text the scheduler's message holds when it happened. */
export interface PendingAnswer {
  value: string;
  contains: string;
}

export interface PendingMessageObserver {
  kind: 'pending-message';
  name: string;
  /** Checked in order: the first whose text the message holds is the observed value. */
  answers: PendingAnswer[];
}

export function isPendingMessageObserver(o: { kind: string }): o is PendingMessageObserver {
  return o.kind === 'pending-message';
}

type Condition = { type: string; status: string; reason?: string; message?: string };
type PodLike = ObjectLike & { spec?: { nodeName?: string }; status?: { conditions?: Condition[] } };

export function observePendingMessage(observer: PendingMessageObserver, state: ClusterState): Observation {
  const pod = Object.values(state.pods?.items ?? {}).find((o) => o.metadata?.name === observer.name) as PodLike | undefined;
  if (!pod) return { settled: false, detail: `Waiting for pod ${observer.name} to appear in your cluster…` };
  // A bound pod was not refused: the prediction's premise did not hold (the learner edited the manifest).
  if (pod.spec?.nodeName) return { settled: true, value: 'scheduled', detail: `The pod was bound to ${pod.spec.nodeName}: the scheduler found room for it.` };
  const refused = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (!refused?.message) return { settled: false, detail: 'The scheduler has not tried the pod yet…' };
  const answer = observer.answers.find((a) => refused.message!.includes(a.contains));
  if (!answer) return { settled: false, detail: `${refused.reason ?? 'Unschedulable'}: ${refused.message}` };
  return { settled: true, value: answer.value, detail: `${refused.reason ?? 'Unschedulable'}: ${refused.message}` };
}
