/**
 * Admission: defaulting then validation for a create or update, the way the API server
 * runs its strategy and admission plugins. Throws StatusError (422 Invalid, 404 namespace,
 * 403 terminating namespace).
 */
import { errors } from '../../errors';
import type { ResourceDef } from '../../registry';
import type { KubeObject } from '../../types';
import type { AdmissionContext } from './context';
import { admitPod } from './pod-defaults';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet } from './workload-defaults';
import { validateKind } from './kind-rules';
import { validateLabels, validateName } from './validation';

export type { AdmissionContext } from './context';

type Obj = Record<string, unknown>;

/** Kinds whose names are DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(['/namespaces', '/services']);

function defaults(def: ResourceDef, obj: KubeObject, ctx: AdmissionContext, isCreate: boolean): void {
  switch (`${def.group}/${def.plural}`) {
    case '/pods':
      if (isCreate) admitPod(obj, ctx);
      break;
    case 'apps/deployments':
      defaultDeployment(obj);
      break;
    case 'apps/replicasets':
      defaultReplicaSet(obj);
      break;
    case 'apps/statefulsets':
      defaultStatefulSet(obj);
      break;
    case 'apps/daemonsets':
      defaultDaemonSet(obj);
      break;
    case 'batch/jobs':
      defaultJob(obj, ctx, isCreate);
      break;
    case 'batch/cronjobs':
      defaultCronJob(obj);
      break;
    case '/namespaces': {
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
      obj.spec = { finalizers: ['kubernetes'], ...((obj.spec ?? {}) as Obj) };
      if (isCreate) obj.status = { phase: 'Active' };
      break;
    }
    case '/services': {
      const spec = (obj.spec ?? {}) as Obj;
      obj.spec = spec;
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.type !== 'ExternalName') {
        spec.ipFamilies ??= ['IPv4'];
        spec.ipFamilyPolicy ??= 'SingleStack';
        spec.internalTrafficPolicy ??= 'Cluster';
        if (isCreate && (spec.clusterIP === undefined || spec.clusterIP === '')) spec.clusterIP = ctx.allocateClusterIP();
        if (spec.clusterIP !== undefined) spec.clusterIPs ??= [spec.clusterIP];
      }
      for (const p of (spec.ports ?? []) as Obj[]) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
        if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && !p.nodePort && isCreate) {
          p.nodePort = 30000 + Math.floor((ctx.random ? ctx.random() : Math.random()) * 2768);
        }
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
      obj.status ??= { loadBalancer: {} };
      break;
    }
    case '/persistentvolumeclaims': {
      const spec = (obj.spec ?? {}) as Obj;
      obj.spec = spec;
      spec.volumeMode ??= 'Filesystem';
      if (isCreate && spec.storageClassName === undefined) {
        const def = ctx.list('storage.k8s.io', 'storageclasses').find((sc) => sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
        if (def) spec.storageClassName = def.metadata.name;
      }
      if (isCreate) obj.status = { phase: 'Pending' };
      break;
    }
    case '/persistentvolumes': {
      const spec = (obj.spec ?? {}) as Obj;
      obj.spec = spec;
      spec.persistentVolumeReclaimPolicy ??= 'Retain';
      spec.volumeMode ??= 'Filesystem';
      if (isCreate) obj.status = { phase: 'Pending' };
      break;
    }
    case '/secrets':
      obj.type ??= 'Opaque';
      break;
    case 'scheduling.k8s.io/priorityclasses':
      obj.preemptionPolicy ??= 'PreemptLowerPriority';
      break;
    case 'storage.k8s.io/storageclasses':
      obj.reclaimPolicy ??= 'Delete';
      obj.volumeBindingMode ??= 'Immediate';
      break;
    default:
      break;
  }
}

export function admit(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined, ctx: AdmissionContext): void {
  const isCreate = old === undefined;
  if (def.namespaced && isCreate) {
    const ns = obj.metadata.namespace ?? '';
    const nsObj = ctx.get('', 'namespaces', undefined, ns);
    if (!nsObj) throw errors.notFound('namespaces', '', ns);
    if (nsObj.metadata.deletionTimestamp) {
      throw errors.forbidden(`${def.plural}${def.group ? '.' + def.group : ''} "${obj.metadata.name ?? obj.metadata.generateName ?? ''}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`);
    }
  }
  try {
    defaults(def, obj, ctx, isCreate);
  } catch (e) {
    // Defaulting assumes the documented shapes; a body that breaks it is malformed, not a crash.
    if (e instanceof TypeError) throw errors.badRequest(`malformed ${def.kind}: ${e.message}`);
    throw e;
  }
  const nameToCheck = obj.metadata.name ?? (obj.metadata.generateName ? `${obj.metadata.generateName}a` : undefined);
  let causes;
  try {
    causes = [
      ...validateName(nameToCheck, LABEL_NAMED.has(`${def.group}/${def.plural}`)),
      ...validateLabels(obj.metadata.labels, 'metadata.labels'),
      ...validateKind(def.group, def.plural, obj, old),
    ];
  } catch (e) {
    if (e instanceof TypeError) throw errors.badRequest(`malformed ${def.kind}: ${e.message}`);
    throw e;
  }
  if (causes.length) throw errors.invalid(def.kind, def.group, obj.metadata.name ?? '', causes);
}
