/**
 * Observers for the init-container, scheduling and batch lessons: the order a pod's init
 * containers ran in, how many of a Deployment's replicas the scheduler could not place (before
 * and after a drain), who ends up Pending when a higher priority arrives, and how many pods of a
 * Job succeeded. Each reads the bench's watch state
 * only, and settles once the answer cannot change any more without the learner doing something.
 */
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import type { Observation } from './observe';

export type PlacementObserver =
  /** The pod's init containers in the order they finished, once every one has (sidecars: started). */
  | { kind: 'init-order'; name: string }
  /** How many of the Deployment's replicas stay Pending, once every replica is placed or refused. */
  | { kind: 'pods-pending'; deployment: string }
  /**
   * How many of the Deployment's replicas run once `node` is cordoned and none of them is on it
   * any more (a drain has evicted them), and each replacement is placed or refused.
   */
  | { kind: 'replicas-after-drain'; deployment: string; node: string }
  /** How many pods of the Job succeeded by the time it finished (Complete or Failed). */
  | { kind: 'job-succeeded-pods'; name: string }
  /**
   * Which Deployment is left with a Pending pod once the `preemptor` Deployment's pod was
   * scheduled or refused: the preemptor's own name when it waits without a nominated node, the
   * `victim`'s when the preemptor runs and the victim's evicted replica cannot be placed again.
   */
  | { kind: 'preemption'; preemptor: string; victim: string };

const PLACEMENT_KINDS: readonly string[] = ['init-order', 'pods-pending', 'replicas-after-drain', 'job-succeeded-pods', 'preemption'] satisfies PlacementObserver['kind'][];

export function isPlacementObserver(o: { kind: string }): o is PlacementObserver {
  return PLACEMENT_KINDS.includes(o.kind);
}

type ContainerStatus = {
  name: string;
  started?: boolean;
  state?: { running?: { startedAt?: string }; terminated?: { exitCode?: number; finishedAt?: string } };
};
type Condition = { type: string; status: string; reason?: string; message?: string };
type PodLike = ObjectLike & {
  spec?: { nodeName?: string; initContainers?: { name: string; restartPolicy?: string }[] };
  status?: { phase?: string; conditions?: Condition[]; initContainerStatuses?: ContainerStatus[]; nominatedNodeName?: string };
};

function find(state: ClusterState, resource: keyof ClusterState, name: string): ObjectLike | undefined {
  return Object.values(state[resource]?.items ?? {}).find((o) => o.metadata?.name === name);
}

const WAITING = (what: string): Observation => ({ settled: false, detail: `Waiting for ${what} to appear in your cluster…` });

function initOrder(state: ClusterState, name: string): Observation {
  const pod = find(state, 'pods', name) as PodLike | undefined;
  if (!pod) return WAITING(`pod ${name}`);
  const specs = pod.spec?.initContainers ?? [];
  const statuses = new Map((pod.status?.initContainerStatuses ?? []).map((s) => [s.name, s]));
  // A native sidecar (restartPolicy Always) never finishes: it counts as done once it has started.
  const doneAt = (c: { name: string; restartPolicy?: string }): string | undefined => {
    const s = statuses.get(c.name);
    if (c.restartPolicy === 'Always') return s?.state?.running?.startedAt;
    return s?.state?.terminated?.exitCode === 0 ? s.state.terminated.finishedAt : undefined;
  };
  const done = specs.map((c, i) => ({ name: c.name, at: doneAt(c), i })).filter((c) => c.at !== undefined);
  // Timestamps have one-second resolution: equal ones keep the spec's order.
  const order = done.sort((a, b) => Date.parse(a.at!) - Date.parse(b.at!) || a.i - b.i).map((c) => c.name);
  if (specs.length === 0) return { settled: true, value: '', detail: 'The pod has no init containers.' };
  if (order.length < specs.length) return { settled: false, detail: order.length ? `Finished so far: ${order.join(', ')}.` : 'No init container has finished yet.' };
  return { settled: true, value: order.join(', '), detail: `Init containers finished in this order: ${order.join(', ')}.` };
}

function isLive(p: ObjectLike): boolean {
  return !(p.metadata as { deletionTimestamp?: string }).deletionTimestamp;
}

function matches(p: ObjectLike, selector: Record<string, string>): boolean {
  const labels = (p.metadata as { labels?: Record<string, string> }).labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

interface Replicas {
  wanted: number;
  running: PodLike[];
  pending: PodLike[];
  /** Pods neither placed and running nor refused by the scheduler yet. */
  undecided: number;
}

/** The Deployment's live pods sorted into running (bound, phase Running) and refused (PodScheduled False). */
function replicasOf(state: ClusterState, deployment: string): Replicas | undefined {
  const d = find(state, 'deployments', deployment);
  if (!d) return undefined;
  const spec = (d.spec ?? {}) as { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
  const selector = spec.selector?.matchLabels ?? {};
  const pods = Object.values(state.pods?.items ?? {}).filter((p) => isLive(p) && matches(p, selector)) as PodLike[];
  const running = pods.filter((p) => p.spec?.nodeName && p.status?.phase === 'Running');
  const pending = pods.filter((p) => !p.spec?.nodeName && (p.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.status === 'False'));
  return { wanted: spec.replicas ?? 1, running, pending, undecided: pods.length - running.length - pending.length };
}

function nodesOf(pods: PodLike[]): string {
  return pods.map((p) => p.spec!.nodeName!).sort().join(', ');
}

function placement(r: Replicas): string {
  const on = r.running.length ? `${r.running.length} running (on ${nodesOf(r.running)})` : 'none running';
  const why = r.pending[0]?.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message;
  // The scheduler's message ends with a full stop; the callers add their own.
  return `${on}, ${r.pending.length} Pending${why ? `: ${why.replace(/\.$/, '')}` : ''}`;
}

function decided(r: Replicas): boolean {
  return r.undecided === 0 && r.running.length + r.pending.length === r.wanted;
}

function podsPending(state: ClusterState, deployment: string): Observation {
  const r = replicasOf(state, deployment);
  if (!r) return WAITING(`Deployment ${deployment}`);
  if (!decided(r)) return { settled: false, detail: `So far ${placement(r)}.` };
  return { settled: true, value: r.pending.length, detail: `${r.wanted} replicas: ${placement(r)}.` };
}

function replicasAfterDrain(state: ClusterState, deployment: string, node: string): Observation {
  const r = replicasOf(state, deployment);
  if (!r) return WAITING(`Deployment ${deployment}`);
  const n = find(state, 'nodes', node);
  if (!(n?.spec as { unschedulable?: boolean } | undefined)?.unschedulable) return { settled: false, detail: `${placement(r)}. Now drain ${node}.` };
  const left = r.running.filter((p) => p.spec?.nodeName === node);
  if (left.length) return { settled: false, detail: `${node} is cordoned; ${left.length} replica${left.length === 1 ? ' is' : 's are'} still on it.` };
  if (!decided(r)) return { settled: false, detail: `${node} is empty; replacements so far: ${placement(r)}.` };
  return { settled: true, value: r.running.length, detail: `After the drain: ${placement(r)}.` };
}

function jobSucceededPods(state: ClusterState, name: string): Observation {
  const job = find(state, 'jobs', name);
  if (!job) return WAITING(`Job ${name}`);
  const st = (job.status ?? {}) as { succeeded?: number; failed?: number; conditions?: Condition[] };
  const counts = `${st.succeeded ?? 0} succeeded, ${st.failed ?? 0} failed`;
  const done = (st.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (!done) return { settled: false, detail: `Still running: ${counts} so far.` };
  return { settled: true, value: st.succeeded ?? 0, detail: `${done.type}${done.reason ? ` (${done.reason})` : ''}: ${counts}.` };
}

function preemption(state: ClusterState, preemptor: string, victim: string): Observation {
  const high = replicasOf(state, preemptor);
  const low = replicasOf(state, victim);
  if (!high) return WAITING(`Deployment ${preemptor}`);
  if (!low) return WAITING(`Deployment ${victim}`);
  if (high.wanted === 0) return { settled: false, detail: `${victim}: ${placement(low)}. Now scale ${preemptor} up.` };
  // While victims terminate, the preemptor waits with a nominated node: not an answer yet.
  const waiting = high.pending.find((p) => !p.status?.nominatedNodeName);
  if (waiting) return { settled: true, value: preemptor, detail: `${preemptor} waits: ${placement(high)}.` };
  if (high.running.length === high.wanted && decided(low) && low.pending.length > 0) {
    return { settled: true, value: victim, detail: `${preemptor} runs on ${nodesOf(high.running)}; ${victim}: ${placement(low)}.` };
  }
  const nominated = high.pending.find((p) => p.status?.nominatedNodeName)?.status?.nominatedNodeName;
  return { settled: false, detail: nominated ? `${preemptor} is nominated for ${nominated}; waiting for room there.` : `So far ${preemptor}: ${placement(high)}; ${victim}: ${placement(low)}.` };
}

export function observePlacement(observer: PlacementObserver, state: ClusterState): Observation {
  switch (observer.kind) {
    case 'init-order': return initOrder(state, observer.name);
    case 'pods-pending': return podsPending(state, observer.deployment);
    case 'replicas-after-drain': return replicasAfterDrain(state, observer.deployment, observer.node);
    case 'job-succeeded-pods': return jobSucceededPods(state, observer.name);
    case 'preemption': return preemption(state, observer.preemptor, observer.victim);
  }
}
