/**
 * Pod defaults as the API server's defaulting plus admission plugins apply them
 * (pkg/apis/core/v1/defaults.go, DefaultTolerationSeconds, ServiceAccount, Priority).
 */
import type { KubeObject } from '../../types';
import type { AdmissionContext } from './context';

type Obj = Record<string, unknown>;

/** SetDefaults_Container (and SetDefaults_EphemeralContainer: the same fields). */
export function defaultContainer(c: Obj): void {
  if (!c || typeof c !== 'object') return;
  const image = typeof c.image === 'string' ? c.image : '';
  if (c.imagePullPolicy === undefined) {
    const lastSegment = image.split('/').pop() ?? '';
    const tagged = !image.includes('@') && lastSegment.includes(':');
    const tag = tagged ? lastSegment.slice(lastSegment.lastIndexOf(':') + 1) : '';
    c.imagePullPolicy = image.includes('@') ? 'IfNotPresent' : !tagged || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of (c.ports ?? []) as Obj[]) p.protocol ??= 'TCP';
}

/** Defaults a PodSpec (used for pods and for every pod template). */
export function defaultPodSpec(spec: Obj): void {
  for (const c of (spec.containers ?? []) as Obj[]) defaultContainer(c);
  for (const c of (spec.initContainers ?? []) as Obj[]) defaultContainer(c);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  // SetDefaults_HostPathVolumeSource: an unset type is HostPathUnset, shown as type: "".
  for (const v of (spec.volumes ?? []) as Obj[]) {
    const hostPath = v?.hostPath as Obj | undefined;
    if (hostPath && typeof hostPath === 'object') hostPath.type ??= '';
  }
}

/**
 * What SetDefaults_Pod adds to a Pod only, not to pod templates (upstream keeps new defaults
 * there so they do not appear in every Deployment or Job): enableServiceLinks, and requests
 * copied from limits for any resource a container limits but does not request.
 */
function defaultPodOnly(spec: Obj): void {
  for (const c of [...((spec.containers ?? []) as Obj[]), ...((spec.initContainers ?? []) as Obj[])]) {
    const resources = c?.resources as { requests?: Obj; limits?: Obj } | undefined;
    const limits = resources?.limits;
    if (!limits || typeof limits !== 'object') continue;
    const requests: Obj = { ...(resources.requests ?? {}) };
    for (const [name, value] of Object.entries(limits)) if (!(name in requests)) requests[name] = value;
    // A Go map: serialised with its keys sorted.
    resources.requests = Object.fromEntries(Object.keys(requests).sort().map((k) => [k, requests[k]]));
  }
  spec.enableServiceLinks ??= true;
}

/** Admission for a Pod itself: service account, tolerations, priority. */
export function admitPod(pod: KubeObject, ctx: AdmissionContext): void {
  const spec = (pod.spec ?? {}) as Obj;
  pod.spec = spec;
  defaultPodSpec(spec);
  defaultPodOnly(spec);
  spec.serviceAccountName ??= (spec.serviceAccount as string | undefined) ?? 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  addServiceAccountTokenVolume(spec, ctx);
  const tolerations = ((spec.tolerations ?? []) as Obj[]).slice();
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => t.key === key && (t.effect === 'NoExecute' || t.effect === undefined))) {
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
  spec.tolerations = tolerations;
  let pcName = spec.priorityClassName as string | undefined;
  if (!pcName) {
    const globalDefault = ctx.list('scheduling.k8s.io', 'priorityclasses').find((pc) => pc.globalDefault === true);
    if (globalDefault) {
      pcName = globalDefault.metadata.name;
      spec.priorityClassName = pcName;
    }
  }
  if (pcName) {
    const pc = ctx.get('scheduling.k8s.io', 'priorityclasses', undefined, pcName);
    if (pc) {
      spec.priority = pc.value;
      spec.preemptionPolicy ??= pc.preemptionPolicy ?? 'PreemptLowerPriority';
    }
  } else {
    spec.priority ??= 0;
  }
  const status = (pod.status ?? {}) as Obj;
  status.phase ??= 'Pending';
  status.qosClass ??= qosClass(spec);
  pod.status = status;
}

function qosClass(spec: Obj): string {
  const containers = [...((spec.containers ?? []) as Obj[]), ...((spec.initContainers ?? []) as Obj[])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    if (!c || typeof c !== 'object') continue;
    const r = (c.resources ?? {}) as { requests?: Obj; limits?: Obj };
    const req = r.requests ?? {};
    const lim = r.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const res of ['cpu', 'memory']) {
      const l = lim[res];
      const q = req[res] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The ServiceAccount admission plugin's projected token volume `kube-api-access-<5>`, mounted
 * read-only into every container (plugin/pkg/admission/serviceaccount), unless the pod or its
 * account opts out with automountServiceAccountToken: false.
 */
function addServiceAccountTokenVolume(spec: Obj, ctx: AdmissionContext): void {
  if (spec.automountServiceAccountToken === false) return;
  const volumes = ((spec.volumes ?? []) as Obj[]).slice();
  const containers = [...((spec.containers ?? []) as Obj[]), ...((spec.initContainers ?? []) as Obj[])];
  const mountedAlready = containers.some((c) => ((c?.volumeMounts ?? []) as Obj[]).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH));
  if (mountedAlready || volumes.some((v) => String(v.name ?? '').startsWith('kube-api-access-'))) return;
  const uid = ctx.newUid().replace(/-/g, '');
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += SUFFIX_ALPHABET[parseInt(uid.slice(i * 2, i * 2 + 2), 16) % SUFFIX_ALPHABET.length];
  const name = `kube-api-access-${suffix}`;
  volumes.push({
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  });
  spec.volumes = volumes;
  for (const c of containers) {
    if (!c || typeof c !== 'object') continue;
    c.volumeMounts = [...((c.volumeMounts ?? []) as Obj[]), { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
  }
}
