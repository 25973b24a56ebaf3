/**
 * A learner's cluster as portal code uses it beyond the Kubernetes API: typed, asynchronous
 * calls that run where the cluster lives (cluster-operations.ts), in this thread or on the
 * sandbox worker holding it. A refusal from over there arrives by name and shape
 * (workers/error-codec.ts) and is turned here into the LabError the route answers with.
 */
import type { SandboxFront, SchedulingDiagnosis } from '../k8s/sandbox';
import type { CheckResult } from '../exercises/view';
import type { LiveResult } from '../exercises/evaluate';
import type { PodHealth } from '../instructor/pod-health';
import type { DocumentResult } from '../k8s/client/apply';
import type { ClockView, NodeAction } from './cluster-operations';
import { LabError } from './errors';
import { withCapacityErrorsAsync } from './class-full';

export type { ClockView, NodeAction } from './cluster-operations';
export { NODE_ACTIONS } from './cluster-operations';

/** A node operation the cluster refused (no such node, the last node, too many): 409 with its sentence. */
function asLabError(err: unknown): unknown {
  const e = err as { name?: unknown; message?: unknown; code?: unknown; reason?: unknown };
  if (e?.name === 'NodeOperationError' && typeof e.message === 'string') return new LabError(409, e.message, 'NodeOperation');
  if (e?.name === 'StatusError' && typeof e.code === 'number' && typeof e.message === 'string') return new LabError(e.code, e.message, typeof e.reason === 'string' ? e.reason : 'Failure');
  return err;
}

export class ClusterHandle {
  constructor(private readonly front: SandboxFront, readonly id: string) {}

  private async call<T>(op: string, args: Record<string, unknown> = {}, opts: { ifAwake?: boolean } = {}): Promise<T> {
    try {
      return (await withCapacityErrorsAsync(() => this.front.run(this.id, { op, ...args }, opts))) as T;
    } catch (err) {
      throw asLabError(err);
    }
  }

  clock(): Promise<ClockView> {
    return this.call('clock');
  }

  setScale(scale: number): Promise<ClockView> {
    return this.call('setScale', { scale });
  }

  /** Skips ahead; truncated: the skip ran out of its budget and jumped the rest at once. */
  advance(seconds: number): Promise<ClockView & { truncated: boolean }> {
    return this.call('advance', { seconds });
  }

  /** Adds, removes, fails, recovers or cordons a node; answers the node's name. */
  nodeOperation(action: NodeAction, node: string): Promise<string> {
    return this.call('node', { action, node });
  }

  /** The scheduler's per-node verdicts for a pending pod; null when it has none. */
  whyPending(uid: string): Promise<SchedulingDiagnosis | null> {
    return this.call('whyPending', { uid });
  }

  /** Every check of an exercise against the cluster (synced to disk before it answers). */
  async exerciseChecks(exercise: string): Promise<Map<string, LiveResult>> {
    return new Map(await this.call<[string, LiveResult][]>('exerciseChecks', { exercise }));
  }

  /** Applies a manifest where the cluster lives (lib/k8s/client/apply.ts: per-document results). */
  apply(yaml: string, opts: { dryRun?: boolean; namespace?: string } = {}): Promise<DocumentResult[]> {
    return this.call('apply', { yaml, dryRun: opts.dryRun === true, namespace: opts.namespace });
  }

  /** Deletes a manifest's objects where the cluster lives. */
  deleteManifests(yaml: string, opts: { namespace?: string } = {}): Promise<DocumentResult[]> {
    return this.call('deleteManifests', { yaml, namespace: opts.namespace });
  }

  breakFixGoal(scenario: string): Promise<CheckResult> {
    return this.call('breakFixGoal', { scenario });
  }

  /** Pods in trouble, for the class board; undefined when the cluster sleeps (a board does not wake a class). */
  podHealthIfAwake(): Promise<PodHealth | undefined> {
    return this.call('podHealth', {}, { ifAwake: true });
  }
}
