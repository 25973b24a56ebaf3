/**
 * The Job controller's writes to pods (pkg/controller/controller_utils.go RealPodControl):
 * create and delete with the shared events on the Job, remove the tracking finalizer. Adoption
 * and release are the shared ControllerRefManager's (framework/controller-ref-manager.ts).
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { StatusError } from '../../errors';
import type { KubeObject } from '../../types';
import { GR, type ClusterClient } from '../framework/client';
import type { EventRecorder } from '../framework/events';
import { JOB_TRACKING_FINALIZER } from './pod-state';

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.code === 404;
}

function asObj(o: Job | Pod): KubeObject {
  return o as unknown as KubeObject;
}

export class JobPodControl {
  constructor(private readonly client: ClusterClient, private readonly recorder: EventRecorder) {}

  /** Creates pod for job; records SuccessfulCreate or FailedCreate and rethrows failures. */
  create(job: Job, pod: KubeObject): Pod {
    try {
      const created = this.client.create(pod) as unknown as Pod;
      this.recorder.event(asObj(job), 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata!.name}`);
      return created;
    } catch (err) {
      this.recorder.event(asObj(job), 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  /** DELETE (graceful for a bound pod); a pod already gone counts as deleted, without an event. */
  delete(job: Job, pod: Pod): boolean {
    try {
      this.client.delete(GR.pods, pod.metadata!.namespace, pod.metadata!.name!);
    } catch (err) {
      if (isNotFound(err)) return true;
      this.recorder.event(asObj(job), 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
      return false;
    }
    this.recorder.event(asObj(job), 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata!.name}`);
    return true;
  }

  /** Drops batch.kubernetes.io/job-tracking from the live pod; true when it is gone or removed. */
  removeTrackingFinalizer(pod: Pod): boolean {
    // The write is built beside the stored pod (update copies what it is given).
    const live = this.client.peek(GR.pods, pod.metadata!.namespace, pod.metadata!.name!);
    if (!live || live.metadata.uid !== pod.metadata!.uid) return true;
    if (!live.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) return true;
    const { finalizers, ...metadata } = live.metadata;
    const rest = finalizers.filter((f) => f !== JOB_TRACKING_FINALIZER);
    try {
      this.client.update({ ...live, metadata: rest.length ? { ...metadata, finalizers: rest } : metadata });
      return true;
    } catch (err) {
      return isNotFound(err);
    }
  }
}
