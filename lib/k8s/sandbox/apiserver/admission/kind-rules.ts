/** Per-kind validation: required fields, supported values and immutable fields. */
import type { StatusCause } from '../../errors';
import type { KubeObject } from '../../types';
import { jsonClone, jsonEqual } from '../../store/json-value';
import { validateJobIndexFields, validateJobIndexFieldsUpdate } from './job-rules';
import { validateTimeZone } from './time-zone';
import { ephemeralContainersOnCreate } from '../subresources/ephemeral-containers';
import { changed, immutable, invalidValue, notSupported, required, validatePodSpec, validateSelectorMatchesTemplate } from './validation';

type Obj = Record<string, unknown>;
const spec = (o: KubeObject | undefined) => ((o?.spec ?? {}) as Obj);
const tmplSpec = (s: Obj) => ((s.template as Obj | undefined)?.spec as Obj | undefined);
const ALL_RESTART = ['Always', 'OnFailure', 'Never'];

function nonNegative(s: Obj, key: string, field: string): StatusCause[] {
  const v = s[key];
  if (v === undefined) return [];
  return typeof v === 'number' && v >= 0 ? [] : [invalidValue(field, v, 'must be greater than or equal to 0')];
}

export function validateKind(group: string, resource: string, obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const s = spec(obj);
  switch (`${group}/${resource}`) {
    case '/pods': {
      const out = validatePodSpec(obj.spec as Obj | undefined, 'spec', ALL_RESTART);
      // ValidatePodCreate: ephemeral containers only come through pods/ephemeralcontainers.
      if (!old) out.push(...ephemeralContainersOnCreate(obj.spec as Obj | undefined));
      if (old) {
        const strip = (o: KubeObject) => {
          const c = jsonClone(spec(o));
          for (const ct of (c.containers ?? []) as Obj[]) delete ct.image;
          delete c.activeDeadlineSeconds;
          delete c.tolerations;
          delete c.schedulingGates;
          return c;
        };
        // Most pod updates (finalizers, labels, binding) leave the spec as it was: no copies then.
        // Compared as values, so a spec sent with its keys in another order is the same spec.
        if (!jsonEqual(obj.spec, old.spec) && !jsonEqual(strip(obj), strip(old)) && spec(old).nodeName === s.nodeName) {
          out.push({ reason: 'FieldValueForbidden', field: 'spec', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' });
        }
      }
      return out;
    }
    case 'apps/deployments':
    case 'apps/replicasets':
    case 'apps/daemonsets':
    case 'apps/statefulsets': {
      const out = [...validateSelectorMatchesTemplate(s), ...nonNegative(s, 'replicas', 'spec.replicas')];
      out.push(...validatePodSpec(tmplSpec(s), 'spec.template.spec', resource === 'daemonsets' || resource === 'statefulsets' || resource === 'deployments' || resource === 'replicasets' ? ['Always'] : ALL_RESTART));
      if (old && changed(s.selector, spec(old).selector)) out.push(immutable('spec.selector', s.selector));
      if (resource === 'statefulsets' && old) {
        const strip = (x: Obj) => {
          const c = { ...x };
          for (const k of ['replicas', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'ordinals', 'revisionHistoryLimit']) delete c[k];
          return c;
        };
        if (changed(strip(s), strip(spec(old)))) {
          out.push({ reason: 'FieldValueForbidden', field: 'spec', message: "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" });
        }
      }
      if (resource === 'statefulsets' && !old && s.serviceName === undefined) {
        // serviceName is optional since 1.28; nothing to check.
      }
      return out;
    }
    case 'batch/jobs': {
      const out = validatePodSpec(tmplSpec(s), 'spec.template.spec', ['OnFailure', 'Never']);
      const rp = tmplSpec(s)?.restartPolicy;
      if (rp === undefined || rp === 'Always') {
        const already = out.some((c) => c.field === 'spec.template.spec.restartPolicy');
        if (!already) out.push(rp === undefined ? required('spec.template.spec.restartPolicy') : notSupported('spec.template.spec.restartPolicy', rp, ['OnFailure', 'Never']));
      }
      for (const k of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished']) out.push(...nonNegative(s, k, `spec.${k}`));
      if (s.completionMode !== undefined && !['NonIndexed', 'Indexed'].includes(s.completionMode as string)) out.push(notSupported('spec.completionMode', s.completionMode, ['NonIndexed', 'Indexed']));
      if (s.completionMode === 'Indexed' && s.completions === undefined) out.push(required('spec.completions'));
      if (s.manualSelector === true) out.push(...validateSelectorMatchesTemplate(s));
      out.push(...validateJobIndexFields(s));
      if (old) out.push(...validateJobIndexFieldsUpdate(s, spec(old)));
      if (old) {
        const o = spec(old);
        if (changed(s.selector, o.selector)) out.push(immutable('spec.selector', s.selector));
        if (changed(s.template, o.template) && o.suspend !== true) out.push(immutable('spec.template', s.template));
        if (changed(s.completions, o.completions)) out.push(immutable('spec.completions', s.completions));
        if (changed(s.completionMode, o.completionMode)) out.push(immutable('spec.completionMode', s.completionMode));
        // validateJobSpecUpdate: a Job's failure policy is fixed at creation (delete and re-create to change it).
        if (changed(s.podFailurePolicy, o.podFailurePolicy)) out.push(immutable('spec.podFailurePolicy', s.podFailurePolicy));
      }
      return out;
    }
    case 'batch/cronjobs': {
      const out: StatusCause[] = [];
      if (!s.schedule) out.push(required('spec.schedule'));
      else if (typeof s.schedule !== 'string' || !validCron(s.schedule)) out.push(invalidValue('spec.schedule', s.schedule, 'unparseable schedule'));
      else if (dayOfWeekAboveSix(s.schedule)) out.push(invalidValue('spec.schedule', s.schedule, dayOfWeekAboveSix(s.schedule)!));
      out.push(...validateTimeZone(s.timeZone));
      if (s.concurrencyPolicy !== undefined && !['Allow', 'Forbid', 'Replace'].includes(s.concurrencyPolicy as string)) out.push(notSupported('spec.concurrencyPolicy', s.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
      const jspec = ((s.jobTemplate as Obj | undefined)?.spec ?? {}) as Obj;
      const rp = tmplSpec(jspec)?.restartPolicy;
      out.push(...validatePodSpec(tmplSpec(jspec), 'spec.jobTemplate.spec.template.spec', ['OnFailure', 'Never']));
      out.push(...validateJobIndexFields(jspec, 'spec.jobTemplate.spec'));
      if (rp === undefined) out.push(required('spec.jobTemplate.spec.template.spec.restartPolicy'));
      return out;
    }
    case '/services': {
      const out: StatusCause[] = [];
      const type = (s.type ?? 'ClusterIP') as string;
      if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type)) out.push(notSupported('spec.type', type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']));
      const ports = (s.ports ?? []) as Obj[];
      if (type !== 'ExternalName' && ports.length === 0 && s.clusterIP !== 'None') out.push(required('spec.ports'));
      ports.forEach((p, i) => {
        if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) out.push(invalidValue(`spec.ports[${i}].port`, p.port, 'must be between 1 and 65535, inclusive'));
        if (ports.length > 1 && !p.name) out.push(required(`spec.ports[${i}].name`));
      });
      if (old && spec(old).clusterIP && s.clusterIP !== undefined && changed(s.clusterIP, spec(old).clusterIP)) out.push(immutable('spec.clusterIPs[0]', s.clusterIP));
      return out;
    }
    case '/persistentvolumeclaims': {
      const out: StatusCause[] = [];
      if (!Array.isArray(s.accessModes) || s.accessModes.length === 0) out.push(required('spec.accessModes'));
      const storage = ((s.resources as Obj | undefined)?.requests as Obj | undefined)?.storage;
      if (storage === undefined) out.push(required('spec.resources[storage]'));
      return out;
    }
    case 'scheduling.k8s.io/priorityclasses':
      if (typeof obj.value !== 'number') return [required('value')];
      if (old && obj.value !== old.value) return [immutable('value', obj.value)];
      return [];
    default:
      return [];
  }
}

/**
 * Kubernetes parses schedules with robfig/cron (ParseStandard), whose day of week is 0-6: a 7
 * for Sunday, which other crons accept, is refused with getRange's message.
 */
function dayOfWeekAboveSix(schedule: string): string | undefined {
  const fields = schedule.replace(/^(CRON_)?TZ=\S+\s+/, '').trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  for (const part of fields[4].split(',')) {
    const [start, end = start] = part.split('/')[0].split('-');
    if (/^\d+$/.test(end) && Number(end) > 6) return `end of range (${Number(end)}) above maximum (6): ${part}`;
  }
  return undefined;
}

/** Five fields (or a @macro), each made of cron tokens: enough to refuse nonsense. */
function validCron(schedule: string): boolean {
  const s = schedule.replace(/^(CRON_)?TZ=\S+\s+/, '').trim();
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly|every\s+\S+)$/.test(s)) return true;
  const fields = s.split(/\s+/);
  return fields.length === 5 && fields.every((f) => /^[\d*?/,\-A-Za-z]+$/.test(f));
}
