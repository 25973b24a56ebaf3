/**
 * What a fresh sandbox cluster holds, like a new kind cluster: the four system namespaces,
 * the `kubernetes` Service, the system PriorityClasses, a default StorageClass and nodes.
 *
 * StorageClass `standard`: provisioner rancher.io/local-path with WaitForFirstConsumer, as
 * kind ships it, so a StatefulSet's PVCs stay Pending until their pod is scheduled.
 */
import type { KubeObject } from './types';

export const KUBELET_VERSION = 'v1.32.2';
export const ZONES = ['zone-a', 'zone-b', 'zone-c'];
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function defaultServiceAccount(namespace: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } };
}

/**
 * kube-dns, as kubeadm and kind create it: the Service pods' resolv.conf names (10.96.0.10).
 * CoreDNS itself is simulated by the cluster network; the Service reserves its address and
 * shows in `kubectl get svc -A` as on a real cluster.
 */
export function kubeDnsService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  };
}

export function kubernetesService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
  };
}

export function systemPriorityClasses(): KubeObject[] {
  return [
    ['system-cluster-critical', 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'],
    ['system-node-critical', 2000001000, 'Used for system critical pods that must not be moved from their current node.'],
  ].map(([name, value, description]) => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: name as string },
    value: value as number,
    globalDefault: false,
    description: description as string,
    preemptionPolicy: 'PreemptLowerPriority',
  }));
}

export function standardStorageClass(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

export function nodeObject(name: string, index: number, controlPlane: boolean, nowISO: string): KubeObject {
  const zone = controlPlane ? ZONES[0] : ZONES[(index - 1) % ZONES.length];
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'topology.kubernetes.io/zone': zone,
  };
  if (controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const capacity = { cpu: controlPlane ? '2' : '4', memory: controlPlane ? '4026104Ki' : '8052208Ki', pods: '110', 'ephemeral-storage': '61202244Ki', 'hugepages-2Mi': '0' };
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type, status, lastHeartbeatTime: nowISO, lastTransitionTime: nowISO, reason, message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      providerID: `kind://docker/kubelab/${name}`,
      ...(controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}),
    },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: `172.18.0.${index + 2}` },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `kubelab-${name}`,
        systemUUID: `kubelab-${name}`,
        bootID: `kubelab-${name}`,
        kernelVersion: '6.1.0-kubelab',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

/** A fixed, self-signed-looking CA for the sandbox; pods read it at .../serviceaccount/ca.crt. */
export const SANDBOX_CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrdWJlbGFi',
  'LXNhbmRib3gtY2x1c3Rlci1jYTAeFw0yNTAxMDEwMDAwMDBaFw0zNTAxMDEwMDAw',
  'MDBaMCMxITAfBgNVBAMMGGt1YmVsYWItc2FuZGJveC1jbHVzdGVyLWNhMFkwEwYH',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

/** The root-ca-cert-publisher's ConfigMap, present in every namespace. */
export function rootCaConfigMap(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-root-ca.crt', namespace, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
    data: { 'ca.crt': SANDBOX_CA_PEM },
  };
}
