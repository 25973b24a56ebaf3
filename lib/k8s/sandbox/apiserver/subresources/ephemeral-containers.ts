/**
 * pods/ephemeralcontainers, as the API server's podEphemeralContainersStrategy serves it
 * (pkg/registry/core/pod/strategy.go): GET answers the Pod; PUT and PATCH take a Pod, of which
 * only spec.ephemeralContainers counts (dropNonEphemeralContainerUpdates: everything else is
 * the stored pod's), then ValidatePodEphemeralContainersUpdate (pkg/apis/core/validation)
 * checks the new list: names unique across every container of the pod, targetContainerName an
 * existing container, only the fields an ephemeral container may have, and none of the
 * existing ephemeral containers changed or removed.
 */
import { errors, type StatusCause } from '../../errors';
import { jsonClone, jsonEqual } from '../../store/json-value';
import type { KubeObject } from '../../types';
import { defaultContainer } from '../admission/pod-defaults';

type Obj = Record<string, unknown>;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/**
 * The sandbox's own bound (upstream has none but the object size): every ephemeral container runs
 * until its pod is deleted, so a pod takes at most this many, and a loop of `kubectl debug`
 * cannot fill the cluster's budget.
 */
export const MAX_EPHEMERAL_CONTAINERS = 32;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/**
 * allowedEphemeralContainerFields (validation.go): a list of what is allowed, so that a field an
 * ephemeral container should not rely on (ports, probes, lifecycle, resources, restartPolicy,
 * resizePolicy) is refused as "cannot be set for an Ephemeral Container".
 */
const ALLOWED_FIELDS = new Set([
  'name', 'image', 'command', 'args', 'workingDir', 'envFrom', 'env', 'volumeMounts', 'volumeDevices',
  'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext',
  'stdin', 'stdinOnce', 'tty', 'targetContainerName',
]);

const forbidden = (field: string, detail: string): StatusCause => ({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` });

/** A field left at its Go zero value counts as not set (kubectl always sends `resources: {}`). */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as Obj).every(isZero);
  return false;
}

/** A value as an error message shows it: JSON, cut at 100 characters so a hostile value is not echoed whole. */
const shown = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 100 ? `${text.slice(0, 100)}...` : text;
};

const names = (list: unknown): string[] => (Array.isArray(list) ? list : []).map((c) => String((c as Obj | null)?.name ?? ''));

/** validateEphemeralContainers: the list as it would be stored, against the pod's other containers. */
export function validateEphemeralContainers(spec: Obj): StatusCause[] {
  const list = spec.ephemeralContainers;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return [{ reason: 'FieldValueInvalid', field: 'spec.ephemeralContainers', message: 'Invalid value: must be a list' }];
  const others = new Set([...names(spec.containers), ...names(spec.initContainers)]);
  const all = new Set(others);
  const volumes = new Set(names(spec.volumes));
  const out: StatusCause[] = [];
  list.forEach((raw, i) => {
    const f = `spec.ephemeralContainers[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      out.push({ reason: 'FieldValueRequired', field: f, message: 'Required value' });
      return;
    }
    const c = raw as Obj;
    if (!c.name) out.push({ reason: 'FieldValueRequired', field: `${f}.name`, message: 'Required value' });
    else if (typeof c.name !== 'string' || c.name.length > 63 || !DNS1123_LABEL.test(c.name)) {
      out.push({ reason: 'FieldValueInvalid', field: `${f}.name`, message: `Invalid value: ${shown(c.name)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')` });
    } else if (all.has(c.name)) {
      // Ephemeral containers must have a name unique across all container types.
      out.push({ reason: 'FieldValueDuplicate', field: `${f}.name`, message: `Duplicate value: ${shown(c.name)}` });
    } else {
      all.add(c.name);
    }
    if (!c.image) out.push({ reason: 'FieldValueRequired', field: `${f}.image`, message: 'Required value' });
    if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy as string)) {
      out.push({ reason: 'FieldValueNotSupported', field: `${f}.imagePullPolicy`, message: `Unsupported value: ${shown(c.imagePullPolicy)}: supported values: ${PULL_POLICIES.map((p) => `"${p}"`).join(', ')}` });
    }
    // The target container name must exist and be non-ephemeral.
    if (c.targetContainerName !== undefined && c.targetContainerName !== '' && !others.has(String(c.targetContainerName))) {
      out.push({ reason: 'FieldValueNotFound', field: `${f}.targetContainerName`, message: `Not found: ${shown(c.targetContainerName)}` });
    }
    for (const [key, value] of Object.entries(c)) {
      if (!ALLOWED_FIELDS.has(key) && !isZero(value)) out.push(forbidden(`${f}.${key}`, 'cannot be set for an Ephemeral Container'));
    }
    (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).forEach((m: Obj, j: number) => {
      // Subpaths are bind mounts kept until the pod exits: refused outright for ephemeral containers.
      if (m?.subPath) out.push(forbidden(`${f}.volumeMounts[${j}].subPath`, 'cannot be set for an Ephemeral Container'));
      if (m?.subPathExpr) out.push(forbidden(`${f}.volumeMounts[${j}].subPathExpr`, 'cannot be set for an Ephemeral Container'));
      if (m?.name !== undefined && !volumes.has(String(m.name))) out.push({ reason: 'FieldValueNotFound', field: `${f}.volumeMounts[${j}].name`, message: `Not found: ${shown(m.name)}` });
    });
  });
  return out;
}

/** A Go-style rendering of the changed container for the "may not be changed" message. */
function describeChange(before: Obj, after: Obj): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !jsonEqual(before[k], after[k]));
  return keys.map((k) => `  ${k}: ${shown(before[k])} -> ${shown(after[k])}`).join('\n');
}

/**
 * The pod as the ephemeralcontainers subresource stores it: the live pod with the incoming
 * spec.ephemeralContainers (defaulted), or a 422 naming what was refused. `incoming` is the Pod
 * a PUT sent or a PATCH produced against the live pod.
 */
export function withEphemeralContainers(live: KubeObject, incoming: unknown): KubeObject {
  const name = live.metadata.name ?? '';
  if (!incoming || typeof incoming !== 'object' || Array.isArray(incoming)) throw errors.badRequest('the body of a pods/ephemeralcontainers request must be a Pod');
  const body = incoming as KubeObject;
  if (body.metadata?.name !== undefined && body.metadata.name !== name) {
    throw errors.badRequest(`the name of the object (${String(body.metadata.name)}) does not match the name on the URL (${name})`);
  }
  if (live.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) {
    throw errors.invalid('Pod', '', name, [forbidden('', 'static pods do not support ephemeral containers')]);
  }
  const requested = (body.spec as Obj | undefined)?.ephemeralContainers;
  const next = jsonClone(live);
  const spec = (next.spec ?? {}) as Obj;
  next.spec = spec;
  if (requested === undefined || requested === null) delete spec.ephemeralContainers;
  else spec.ephemeralContainers = jsonClone(requested);
  if (Array.isArray(spec.ephemeralContainers)) {
    for (const c of spec.ephemeralContainers) if (c && typeof c === 'object' && !Array.isArray(c)) defaultContainer(c as Obj);
  }
  // Optimistic concurrency: a resourceVersion the client sent must still be the stored one.
  const rv = body.metadata?.resourceVersion;
  if (rv) next.metadata.resourceVersion = rv;
  const causes = validateEphemeralContainers(spec);
  const count = Array.isArray(spec.ephemeralContainers) ? spec.ephemeralContainers.length : 0;
  if (count > MAX_EPHEMERAL_CONTAINERS) {
    causes.push(forbidden('spec.ephemeralContainers', `this sandbox runs at most ${MAX_EPHEMERAL_CONTAINERS} ephemeral containers per pod (each keeps running until the pod is deleted): attach to one that runs (kubectl attach -it ${name} -c <name>), or delete and recreate the pod`));
  }
  // Existing ephemeral containers may not be changed or removed (order is not preserved by patches).
  const after = new Map((Array.isArray(spec.ephemeralContainers) ? (spec.ephemeralContainers as Obj[]) : []).map((c) => [String(c?.name), c]));
  const existing = (live.spec as Obj | undefined)?.ephemeralContainers;
  for (const before of (Array.isArray(existing) ? existing : []) as Obj[]) {
    const now = after.get(String(before.name));
    if (!now) causes.push(forbidden('spec.ephemeralContainers', `existing ephemeral containers ${JSON.stringify(before.name)} may not be removed\n`));
    else if (!jsonEqual(before, now)) causes.push(forbidden('spec.ephemeralContainers', `existing ephemeral containers ${JSON.stringify(before.name)} may not be changed\n${describeChange(before, now)}`));
  }
  if (causes.length > 0) throw errors.invalid('Pod', '', name, causes);
  return next;
}

/** ValidatePodCreate: a pod is created without ephemeral containers; they come through the subresource. */
export function ephemeralContainersOnCreate(spec: Obj | undefined): StatusCause[] {
  const list = spec?.ephemeralContainers;
  return Array.isArray(list) && list.length > 0 ? [forbidden('spec.ephemeralContainers', 'cannot be set on create')] : [];
}
