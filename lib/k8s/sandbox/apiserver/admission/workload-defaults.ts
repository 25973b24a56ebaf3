/**
 * Defaults for workload kinds (pkg/apis/{apps,batch}/v1/defaults.go) and the Job's
 * generated selector and labels (pkg/registry/batch/job/strategy.go).
 */
import type { KubeObject } from '../../types';
import type { AdmissionContext } from './context';
import { defaultPodSpec } from './pod-defaults';

type Obj = Record<string, unknown>;

function templateSpec(spec: Obj): Obj | undefined {
  const template = spec.template as Obj | undefined;
  if (!template) return undefined;
  template.metadata ??= {};
  const ps = (template.spec ?? {}) as Obj;
  template.spec = ps;
  return ps;
}

function copyTemplateLabelsIfEmpty(obj: KubeObject, spec: Obj): void {
  const labels = ((spec.template as Obj | undefined)?.metadata as Obj | undefined)?.labels as Record<string, string> | undefined;
  if ((!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0) && labels) obj.metadata.labels = { ...labels };
}

export function defaultDeployment(obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as Obj;
  obj.spec = spec;
  spec.replicas ??= 1;
  const strategy = (spec.strategy ?? {}) as Obj;
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ?? {}) as Obj;
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
    strategy.rollingUpdate = ru;
  }
  spec.strategy = strategy;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  const ps = templateSpec(spec);
  if (ps) defaultPodSpec(ps);
}

export function defaultReplicaSet(obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as Obj;
  obj.spec = spec;
  spec.replicas ??= 1;
  const ps = templateSpec(spec);
  if (ps) defaultPodSpec(ps);
  copyTemplateLabelsIfEmpty(obj, spec);
}

export function defaultStatefulSet(obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as Obj;
  obj.spec = spec;
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  const us = (spec.updateStrategy ?? {}) as Obj;
  us.type ??= 'RollingUpdate';
  if (us.type === 'RollingUpdate') us.rollingUpdate = { partition: 0, ...((us.rollingUpdate ?? {}) as Obj) };
  spec.updateStrategy = us;
  spec.revisionHistoryLimit ??= 10;
  spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain', ...((spec.persistentVolumeClaimRetentionPolicy ?? {}) as Obj) };
  for (const pvc of (spec.volumeClaimTemplates ?? []) as Obj[]) {
    pvc.apiVersion ??= 'v1';
    pvc.kind ??= 'PersistentVolumeClaim';
    const pvcSpec = (pvc.spec ?? {}) as Obj;
    pvcSpec.volumeMode ??= 'Filesystem';
    pvc.spec = pvcSpec;
    pvc.status ??= { phase: 'Pending' };
  }
  const ps = templateSpec(spec);
  if (ps) defaultPodSpec(ps);
}

export function defaultDaemonSet(obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as Obj;
  obj.spec = spec;
  const us = (spec.updateStrategy ?? {}) as Obj;
  us.type ??= 'RollingUpdate';
  if (us.type === 'RollingUpdate') us.rollingUpdate = { maxUnavailable: 1, maxSurge: 0, ...((us.rollingUpdate ?? {}) as Obj) };
  spec.updateStrategy = us;
  spec.revisionHistoryLimit ??= 10;
  const ps = templateSpec(spec);
  if (ps) defaultPodSpec(ps);
}

/** Job defaults and, on create, the generated selector/labels keyed by the Job's uid. */
export function defaultJob(obj: KubeObject, ctx: AdmissionContext, isCreate: boolean): void {
  const spec = (obj.spec ?? {}) as Obj;
  obj.spec = spec;
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  const ps = templateSpec(spec);
  if (ps) defaultPodSpec(ps);
  if (isCreate && spec.manualSelector !== true) {
    obj.metadata.uid ??= ctx.newUid();
    const uid = obj.metadata.uid;
    const tm = ((spec.template as Obj | undefined)?.metadata ?? {}) as Obj;
    const labels = { ...((tm.labels ?? {}) as Record<string, string>) };
    labels['batch.kubernetes.io/controller-uid'] = uid;
    labels['batch.kubernetes.io/job-name'] = obj.metadata.name ?? '';
    labels['controller-uid'] = uid;
    labels['job-name'] = obj.metadata.name ?? '';
    tm.labels = labels;
    if (spec.template) (spec.template as Obj).metadata = tm;
    if (spec.selector === undefined) spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  }
  copyTemplateLabelsIfEmpty(obj, spec);
}

export function defaultCronJob(obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as Obj;
  obj.spec = spec;
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jt = (spec.jobTemplate ?? {}) as Obj;
  const jspec = (jt.spec ?? {}) as Obj;
  jspec.backoffLimit ??= 6;
  jspec.completionMode ??= 'NonIndexed';
  jspec.suspend ??= false;
  jspec.manualSelector ??= undefined;
  if (jspec.manualSelector === undefined) delete jspec.manualSelector;
  jspec.podReplacementPolicy ??= jspec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  if (jspec.completions === undefined && jspec.parallelism === undefined) {
    jspec.completions = 1;
    jspec.parallelism = 1;
  }
  const ps = templateSpec(jspec);
  if (ps) defaultPodSpec(ps);
  jt.spec = jspec;
  jt.metadata ??= {};
  spec.jobTemplate = jt;
}
