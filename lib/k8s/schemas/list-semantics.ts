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
const set: ListSemantics = { listType: 'set' };

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

/**
 * Definition name -> property -> its list semantics, for every definition the sandbox serves
 * (generated/k8s-schemas.json). Checked field by field against the markers and struct tags of
 * k8s.io/api v0.32.9 (core, apps, batch, policy, discovery, storage, scheduling, coordination,
 * events v1 types.go) and k8s.io/apimachinery v0.32.9 (pkg/apis/meta/v1/types.go), the
 * Kubernetes 1.32 sources kube-openapi generates the served extensions from. Note the odd ones
 * upstream really has: PodStatus.hostIPs is atomic though merged by ip, JobStatus.conditions is
 * atomic though merged by type, ResourceRequirements.claims is a map without a patch strategy.
 */
export const LIST_SEMANTICS: Record<string, Record<string, ListSemantics>> = {
  'io.k8s.api.apps.v1.DaemonSetStatus': { conditions: mapBy('type') },
  'io.k8s.api.apps.v1.DeploymentStatus': { conditions: mapBy('type') },
  'io.k8s.api.apps.v1.ReplicaSetStatus': { conditions: mapBy('type') },
  'io.k8s.api.apps.v1.StatefulSetSpec': { volumeClaimTemplates: atomic },
  'io.k8s.api.apps.v1.StatefulSetStatus': { conditions: mapBy('type') },
  'io.k8s.api.batch.v1.CronJobStatus': { active: atomic },
  'io.k8s.api.batch.v1.JobStatus': { conditions: { patchMergeKey: 'type', patchStrategy: 'merge', listType: 'atomic' } },
  'io.k8s.api.batch.v1.PodFailurePolicy': { rules: atomic },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': { values: set },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': { onPodConditions: atomic },
  'io.k8s.api.batch.v1.SuccessPolicy': { rules: atomic },
  'io.k8s.api.batch.v1.UncountedTerminatedPods': { succeeded: set, failed: set },
  'io.k8s.api.core.v1.Capabilities': { add: atomic, drop: atomic },
  'io.k8s.api.core.v1.CephFSPersistentVolumeSource': { monitors: atomic },
  'io.k8s.api.core.v1.CephFSVolumeSource': { monitors: atomic },
  'io.k8s.api.core.v1.ConfigMapProjection': { items: atomic },
  'io.k8s.api.core.v1.ConfigMapVolumeSource': { items: atomic },
  'io.k8s.api.core.v1.Container': CONTAINER,
  'io.k8s.api.core.v1.ContainerImage': { names: atomic },
  'io.k8s.api.core.v1.ContainerStatus': { volumeMounts: mapBy('mountPath') },
  'io.k8s.api.core.v1.DownwardAPIProjection': { items: atomic },
  'io.k8s.api.core.v1.DownwardAPIVolumeSource': { items: atomic },
  'io.k8s.api.core.v1.EndpointSubset': { addresses: atomic, notReadyAddresses: atomic, ports: atomic },
  'io.k8s.api.core.v1.Endpoints': { subsets: atomic },
  'io.k8s.api.core.v1.EphemeralContainer': CONTAINER,
  'io.k8s.api.core.v1.ExecAction': { command: atomic },
  'io.k8s.api.core.v1.FCVolumeSource': { targetWWNs: atomic, wwids: atomic },
  'io.k8s.api.core.v1.HTTPGetAction': { httpHeaders: atomic },
  'io.k8s.api.core.v1.HostAlias': { hostnames: atomic },
  'io.k8s.api.core.v1.ISCSIPersistentVolumeSource': { portals: atomic },
  'io.k8s.api.core.v1.ISCSIVolumeSource': { portals: atomic },
  'io.k8s.api.core.v1.LimitRangeSpec': { limits: atomic },
  'io.k8s.api.core.v1.LoadBalancerIngress': { ports: atomic },
  'io.k8s.api.core.v1.LoadBalancerStatus': { ingress: atomic },
  'io.k8s.api.core.v1.NamespaceSpec': { finalizers: atomic },
  'io.k8s.api.core.v1.NamespaceStatus': { conditions: mapBy('type') },
  'io.k8s.api.core.v1.NodeAffinity': { preferredDuringSchedulingIgnoredDuringExecution: atomic },
  'io.k8s.api.core.v1.NodeSelector': { nodeSelectorTerms: atomic },
  'io.k8s.api.core.v1.NodeSelectorRequirement': { values: atomic },
  'io.k8s.api.core.v1.NodeSelectorTerm': { matchExpressions: atomic, matchFields: atomic },
  'io.k8s.api.core.v1.NodeSpec': { podCIDRs: { patchStrategy: 'merge', listType: 'set' }, taints: atomic },
  'io.k8s.api.core.v1.NodeStatus': {
    conditions: mapBy('type'),
    addresses: mapBy('type'),
    images: atomic,
    volumesInUse: atomic,
    volumesAttached: atomic,
    runtimeHandlers: atomic,
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': { accessModes: atomic },
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': { accessModes: atomic, conditions: mapBy('type') },
  'io.k8s.api.core.v1.PersistentVolumeSpec': { accessModes: atomic, mountOptions: atomic },
  'io.k8s.api.core.v1.PodAffinity': { requiredDuringSchedulingIgnoredDuringExecution: atomic, preferredDuringSchedulingIgnoredDuringExecution: atomic },
  'io.k8s.api.core.v1.PodAffinityTerm': { namespaces: atomic, matchLabelKeys: atomic, mismatchLabelKeys: atomic },
  'io.k8s.api.core.v1.PodAntiAffinity': { requiredDuringSchedulingIgnoredDuringExecution: atomic, preferredDuringSchedulingIgnoredDuringExecution: atomic },
  'io.k8s.api.core.v1.PodDNSConfig': { nameservers: atomic, searches: atomic, options: atomic },
  'io.k8s.api.core.v1.PodSecurityContext': { supplementalGroups: atomic, sysctls: atomic },
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
  'io.k8s.api.core.v1.PodStatus': {
    conditions: mapBy('type'),
    hostIPs: { patchMergeKey: 'ip', patchStrategy: 'merge', listType: 'atomic' },
    podIPs: mapBy('ip'),
    initContainerStatuses: atomic,
    containerStatuses: atomic,
    ephemeralContainerStatuses: atomic,
    resourceClaimStatuses: { ...mapBy('name'), patchStrategy: 'merge,retainKeys' },
  },
  'io.k8s.api.core.v1.ProjectedVolumeSource': { sources: atomic },
  'io.k8s.api.core.v1.RBDPersistentVolumeSource': { monitors: atomic },
  'io.k8s.api.core.v1.RBDVolumeSource': { monitors: atomic },
  'io.k8s.api.core.v1.ResourceQuotaSpec': { scopes: atomic },
  'io.k8s.api.core.v1.ResourceRequirements': { claims: { listType: 'map', listMapKeys: ['name'] } },
  'io.k8s.api.core.v1.ScopeSelector': { matchExpressions: atomic },
  'io.k8s.api.core.v1.ScopedResourceSelectorRequirement': { values: atomic },
  'io.k8s.api.core.v1.SecretProjection': { items: atomic },
  'io.k8s.api.core.v1.SecretVolumeSource': { items: atomic },
  'io.k8s.api.core.v1.ServiceAccount': { secrets: mapBy('name'), imagePullSecrets: atomic },
  'io.k8s.api.core.v1.ServiceSpec': {
    ports: mapBy('port', 'protocol'),
    clusterIPs: atomic,
    externalIPs: atomic,
    loadBalancerSourceRanges: atomic,
    ipFamilies: atomic,
  },
  'io.k8s.api.core.v1.ServiceStatus': { conditions: mapBy('type') },
  'io.k8s.api.core.v1.TopologySelectorLabelRequirement': { values: atomic },
  'io.k8s.api.core.v1.TopologySelectorTerm': { matchLabelExpressions: atomic },
  'io.k8s.api.core.v1.TopologySpreadConstraint': { matchLabelKeys: atomic },
  'io.k8s.api.discovery.v1.Endpoint': { addresses: set },
  'io.k8s.api.discovery.v1.EndpointHints': { forZones: atomic },
  'io.k8s.api.discovery.v1.EndpointSlice': { endpoints: atomic, ports: atomic },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': { conditions: mapBy('type') },
  'io.k8s.api.storage.v1.StorageClass': { mountOptions: atomic, allowedTopologies: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': { matchExpressions: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': { values: atomic },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    finalizers: { patchStrategy: 'merge', listType: 'set' },
    ownerReferences: mapBy('uid'),
    managedFields: atomic,
  },
};

/** Non-list fields with a patch strategy (`patchStrategy:"retainKeys"` on a struct). */
export const FIELD_STRATEGIES: Record<string, Record<string, string>> = {
  'io.k8s.api.apps.v1.DeploymentSpec': { strategy: 'retainKeys' },
  // `patchStrategy:"replace"`: a changed selector replaces the old one whole, never merged into it.
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': { selector: 'replace' },
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
