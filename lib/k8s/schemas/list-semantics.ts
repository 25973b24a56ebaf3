/**
 * The list semantics the real API server publishes in its OpenAPI (v2 and v3), as kube-openapi
 * generates them from the Go struct tags and markers of k8s.io/api v1.32 types.go
 * (`patchStrategy:"merge" patchMergeKey:"name"`, `+listType=map`, `+listMapKey=containerPort`, ...).
 * kubectl reads `x-kubernetes-patch-merge-key` / `x-kubernetes-patch-strategy` to build its
 * three-way strategic merge patch (client-side apply, diff, edit): without them every list is
 * replaced whole, so a second `kubectl apply` of an unchanged Deployment says `configured`.
 * Keep in step with lib/k8s/sandbox/apiserver/patch/merge-keys.ts (the server's side of the
 * same tags); list-semantics.test.ts checks that they agree.
 */

export interface ListSemantics {
  patchMergeKey?: string;
  /** 'merge', 'retainKeys' or 'merge,retainKeys'. */
  patchStrategy?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
}

const mapBy = (key: string, ...more: string[]): ListSemantics => ({ patchMergeKey: key, patchStrategy: 'merge', listType: 'map', listMapKeys: [key, ...more] });
const atomic: ListSemantics = { listType: 'atomic' };
const mergedConditions = mapBy('type');

const CONTAINER: Record<string, ListSemantics> = {
  command: atomic,
  args: atomic,
  ports: mapBy('containerPort', 'protocol'),
  envFrom: atomic,
  env: mapBy('name'),
  volumeMounts: mapBy('mountPath'),
  volumeDevices: mapBy('devicePath'),
  resizePolicy: atomic,
};

/** Definition name -> property -> its list semantics. */
export const LIST_SEMANTICS: Record<string, Record<string, ListSemantics>> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    finalizers: { patchStrategy: 'merge', listType: 'set' },
    ownerReferences: mapBy('uid'),
    managedFields: atomic,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': { matchExpressions: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': { values: atomic },
  'io.k8s.api.core.v1.PodSpec': {
    volumes: { ...mapBy('name'), patchStrategy: 'merge,retainKeys' },
    initContainers: mapBy('name'),
    containers: mapBy('name'),
    ephemeralContainers: mapBy('name'),
    imagePullSecrets: mapBy('name'),
    tolerations: atomic,
    hostAliases: mapBy('ip'),
    readinessGates: atomic,
    topologySpreadConstraints: mapBy('topologyKey', 'whenUnsatisfiable'),
    schedulingGates: mapBy('name'),
    resourceClaims: { ...mapBy('name'), patchStrategy: 'merge,retainKeys' },
  },
  'io.k8s.api.core.v1.Container': CONTAINER,
  'io.k8s.api.core.v1.EphemeralContainer': CONTAINER,
  'io.k8s.api.core.v1.PodStatus': {
    conditions: mergedConditions,
    podIPs: mapBy('ip'),
    hostIPs: mapBy('ip'),
    initContainerStatuses: atomic,
    containerStatuses: atomic,
    ephemeralContainerStatuses: atomic,
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    ports: mapBy('port', 'protocol'),
    clusterIPs: atomic,
    externalIPs: atomic,
    loadBalancerSourceRanges: atomic,
    ipFamilies: atomic,
  },
  'io.k8s.api.core.v1.NodeSpec': { podCIDRs: { patchStrategy: 'merge', listType: 'set' }, taints: atomic },
  'io.k8s.api.core.v1.NodeStatus': { conditions: mergedConditions, addresses: mapBy('type'), images: atomic, volumesInUse: atomic, volumesAttached: atomic },
  'io.k8s.api.core.v1.NamespaceStatus': { conditions: mergedConditions },
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': { conditions: mergedConditions },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': { accessModes: atomic },
  'io.k8s.api.apps.v1.DeploymentStatus': { conditions: mergedConditions },
  'io.k8s.api.apps.v1.ReplicaSetStatus': { conditions: mergedConditions },
  'io.k8s.api.apps.v1.StatefulSetStatus': { conditions: mergedConditions },
  'io.k8s.api.apps.v1.DaemonSetStatus': { conditions: mergedConditions },
  'io.k8s.api.apps.v1.StatefulSetSpec': { volumeClaimTemplates: atomic },
  'io.k8s.api.batch.v1.JobStatus': { conditions: { patchMergeKey: 'type', patchStrategy: 'merge', listType: 'atomic' } },
  'io.k8s.api.batch.v1.CronJobStatus': { active: atomic },
};

/** Non-list fields with a patch strategy (`patchStrategy:"retainKeys"` on a struct). */
export const FIELD_STRATEGIES: Record<string, Record<string, string>> = {
  'io.k8s.api.apps.v1.DeploymentSpec': { strategy: 'retainKeys' },
};

/** The OpenAPI extensions for one property, in the order kube-openapi writes them. */
export function extensionsOf(s: ListSemantics): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.listMapKeys) out['x-kubernetes-list-map-keys'] = s.listMapKeys;
  if (s.listType) out['x-kubernetes-list-type'] = s.listType;
  if (s.patchMergeKey !== undefined) out['x-kubernetes-patch-merge-key'] = s.patchMergeKey;
  if (s.patchStrategy) out['x-kubernetes-patch-strategy'] = s.patchStrategy;
  return out;
}

/** Adds the extensions to every served definition that has them (in place; definitions are per-document copies). */
export function addListSemantics(definitions: Record<string, Record<string, unknown>>): void {
  for (const [name, fields] of Object.entries(LIST_SEMANTICS)) {
    const properties = definitions[name]?.properties as Record<string, Record<string, unknown>> | undefined;
    if (!properties) continue;
    for (const [field, semantics] of Object.entries(fields)) {
      if (properties[field]) Object.assign(properties[field], extensionsOf(semantics));
    }
  }
  for (const [name, fields] of Object.entries(FIELD_STRATEGIES)) {
    const properties = definitions[name]?.properties as Record<string, Record<string, unknown>> | undefined;
    for (const [field, strategy] of Object.entries(fields)) {
      if (properties?.[field]) properties[field]['x-kubernetes-patch-strategy'] = strategy;
    }
  }
}
