/**
 * TtlAfterFinishedController: deletes a finished Job (Complete or Failed) once
 * spec.ttlSecondsAfterFinished has passed since it finished
 * (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go). The deletion is
 * Foreground, so the Job stays (with deletionTimestamp) until its pods are gone, and carries
 * a UID precondition so a new Job of the same name is never hit. Upstream records no events.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import { StatusError } from '../../errors';
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { Controller, keyOf, splitKey, type ControllerContext } from '../framework/controller';

export const TTL_AFTER_FINISHED_COMPONENT = 'ttl-after-finished-controller';

/** Epoch ms at which job may be deleted, or undefined when it has no TTL, is unfinished or already going. */
export function expiresAt(job: Job): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || job.metadata?.deletionTimestamp) return undefined;
  const done = job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (!done?.lastTransitionTime) return undefined;
  return Date.parse(done.lastTransitionTime) + ttl * 1000;
}

export class TtlAfterFinishedController extends Controller {
  constructor(ctx: ControllerContext) {
    super(ctx, TTL_AFTER_FINISHED_COMPONENT);
  }

  protected setup(): void {
    this.watch(GR.jobs, (o) => (expiresAt(o as unknown as Job) === undefined ? undefined : keyOf(o)));
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.jobs).filter((j) => expiresAt(j as unknown as Job) !== undefined).map(keyOf);
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const job = this.ctx.client.get(GR.jobs, namespace, name);
    if (!job) return;
    const due = expiresAt(job as unknown as Job);
    if (due === undefined) return;
    const left = due - this.ctx.clock.now();
    if (left > 0) {
      this.queue.addAfter(key, left);
      return;
    }
    this.deleteJob(job);
  }

  private deleteJob(job: KubeObject): void {
    try {
      this.ctx.client.delete(GR.jobs, job.metadata.namespace, job.metadata.name!, { propagation: 'Foreground', preconditions: { uid: job.metadata.uid } });
    } catch (err) {
      // Gone already, or replaced by a Job of the same name: nothing of ours to delete.
      if (err instanceof StatusError && (err.code === 404 || err.code === 409)) return;
      throw err;
    }
  }
}
