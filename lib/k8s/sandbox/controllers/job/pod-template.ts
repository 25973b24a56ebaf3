/**
 * The pod a Job creates (controller.GetPodFromTemplate plus the Job's additions in
 * job_controller.go manageJob and indexed_job_utils.go): template labels/annotations, the
 * tracking finalizer, a controller ownerReference, generateName `<job>-`; for an Indexed Job
 * `<job>-<index>-`, hostname `<job>-<index>`, the completion index as annotation and label, and
 * JOB_COMPLETION_INDEX read from that annotation by every container.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Container, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../types';
import { newControllerRef, type ControllerReference } from '../framework/controller-ref-manager';
import { MAX_GENERATED_NAME_LENGTH } from '../framework/names';
import { COMPLETION_INDEX_KEY, JOB_TRACKING_FINALIZER } from './pod-state';
import { jsonClone } from '../../store/json-value';

export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

/** controllerKind (job_controller.go): what a Job's pods name as their controller. */
export const JOB_KIND = { apiVersion: 'batch/v1', kind: 'Job' } as const;

export function jobOwnerReference(job: Job): ControllerReference {
  return newControllerRef(job, JOB_KIND);
}

/** `<job>-` or `<job>-<index>-`, the job name cut so the prefix fits 58 characters (podGenerateNameWithIndex). */
export function podGenerateName(jobName: string, index?: number): string {
  if (index === undefined) {
    const prefix = `${jobName}-`;
    return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH) : prefix;
  }
  const tail = `-${index}-`;
  const room = MAX_GENERATED_NAME_LENGTH - tail.length;
  return `${jobName.length > room ? jobName.slice(0, room) : jobName}${tail}`;
}

/** apiVersion v1 is what API defaulting (SetDefaults_ObjectFieldSelector) would add. */
function withIndexEnv(c: Container): Container {
  if (c.env?.some((e) => e.name === COMPLETION_INDEX_ENV)) return c;
  return { ...c, env: [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${COMPLETION_INDEX_KEY}']` } } }] };
}

/** `indexAnnotations`: backoffLimitPerIndex's failure counts for the index (addIndexFailureCountAnnotation). */
export function podForJob(job: Job, index?: number, indexAnnotations: Record<string, string> = {}): KubeObject {
  const template = jsonClone(job.spec!.template) as PodTemplateSpec;
  const tm = template.metadata ?? {};
  const spec = template.spec!;
  const labels = { ...(tm.labels ?? {}) };
  const annotations = { ...(tm.annotations ?? {}) };
  if (index !== undefined) {
    annotations[COMPLETION_INDEX_KEY] = String(index);
    Object.assign(annotations, indexAnnotations);
    labels[COMPLETION_INDEX_KEY] = String(index);
    spec.hostname = `${job.metadata!.name}-${index}`;
    spec.containers = spec.containers.map(withIndexEnv);
    if (spec.initContainers) spec.initContainers = spec.initContainers.map(withIndexEnv);
  }
  const finalizers = [...(tm.finalizers ?? [])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  const metadata: KubeObject['metadata'] = {
    generateName: podGenerateName(job.metadata!.name!, index),
    namespace: job.metadata!.namespace,
    labels,
    ...(Object.keys(annotations).length ? { annotations } : {}),
    finalizers,
    ownerReferences: [jobOwnerReference(job)],
  };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: spec as unknown as Record<string, unknown> };
}
