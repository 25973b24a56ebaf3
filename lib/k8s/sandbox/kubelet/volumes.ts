/**
 * Pod volumes → the runtime's Mounts for one container (pkg/kubelet/volumemanager, reduced):
 * emptyDir per pod, hostPath per node, a PVC's bound PersistentVolume, and the projected
 * file volumes (configMap, secret, downwardAPI, projected incl. the service account token).
 * A reference that cannot be satisfied yet is a VolumeMountError: the kubelet keeps the pod
 * in ContainerCreating with a FailedMount event and retries.
 */
import type { KubeObject } from '../types';
import { GR, type ClusterClient } from '../controllers/framework/client';
import type { Mount, VolumeSource } from '../runtime/types';
import { podField, type PodAddresses } from './env';
import { parseQuantity } from '../core/quantity';

type Obj = Record<string, unknown>;

export class VolumeMountError extends Error {
  constructor(readonly volume: string, message: string) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${message}`);
    this.name = 'VolumeMountError';
  }
}

interface KeyToPath { key: string; path: string; mode?: number }
interface VolumeSpec {
  name: string;
  emptyDir?: { sizeLimit?: string; medium?: string };
  hostPath?: { path: string; type?: string };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  configMap?: { name: string; items?: KeyToPath[]; optional?: boolean; defaultMode?: number };
  secret?: { secretName: string; items?: KeyToPath[]; optional?: boolean; defaultMode?: number };
  downwardAPI?: { items?: { path: string; fieldRef?: { fieldPath: string } }[]; defaultMode?: number };
  projected?: { sources?: Obj[]; defaultMode?: number };
}
interface VolumeMountSpec { name: string; mountPath: string; subPath?: string; readOnly?: boolean }

function selectKeys(data: Record<string, string>, items: KeyToPath[] | undefined, volume: string, what: string, optional: boolean | undefined): Record<string, string> {
  if (!items) return { ...data };
  const out: Record<string, string> = {};
  for (const it of items) {
    if (!(it.key in data)) {
      if (optional) continue;
      throw new VolumeMountError(volume, `configmap references non-existent config key: ${it.key}`.replace('configmap', what));
    }
    out[it.path] = data[it.key];
  }
  return out;
}

function decodeAll(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

/** A readable stand-in for a bound service account token (a JWT's shape, not a valid signature). */
function serviceAccountToken(pod: KubeObject): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = b64({ alg: 'RS256', kid: 'kubelab-sandbox' });
  const sa = (pod.spec as { serviceAccountName?: string }).serviceAccountName ?? 'default';
  const claims = b64({ aud: ['https://kubernetes.default.svc.cluster.local'], iss: 'https://kubernetes.default.svc.cluster.local', sub: `system:serviceaccount:${pod.metadata.namespace}:${sa}`, 'kubernetes.io': { namespace: pod.metadata.namespace, pod: { name: pod.metadata.name, uid: pod.metadata.uid }, serviceaccount: { name: sa } } });
  return `${header}.${claims}.sandbox-signature`;
}

function configMapFiles(client: ClusterClient, ns: string, volume: string, src: { name: string; items?: KeyToPath[]; optional?: boolean }): Record<string, string> {
  const cm = client.get(GR.configmaps, ns, src.name);
  if (!cm) {
    if (src.optional) return {};
    throw new VolumeMountError(volume, `configmap "${src.name}" not found`);
  }
  return selectKeys((cm.data ?? {}) as Record<string, string>, src.items, volume, 'configmap', src.optional);
}

function secretFiles(client: ClusterClient, ns: string, volume: string, src: { name: string; items?: KeyToPath[]; optional?: boolean }): Record<string, string> {
  const s = client.get(GR.secrets, ns, src.name);
  if (!s) {
    if (src.optional) return {};
    throw new VolumeMountError(volume, `secret "${src.name}" not found`);
  }
  const data = { ...decodeAll(s.data as Record<string, string> | undefined), ...((s.stringData ?? {}) as Record<string, string>) };
  return selectKeys(data, src.items, volume, 'secret', src.optional);
}

function downwardFiles(pod: KubeObject, items: { path: string; fieldRef?: { fieldPath: string } }[] | undefined, addrs: PodAddresses): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of items ?? []) if (it.fieldRef) out[it.path] = podField(pod, it.fieldRef.fieldPath, addrs) ?? '';
  return out;
}

/** The runtime source of one pod volume. */
export function volumeSource(pod: KubeObject, vol: VolumeSpec, client: ClusterClient, nodeName: string, addrs: PodAddresses): VolumeSource {
  const ns = pod.metadata.namespace!;
  if (vol.emptyDir) {
    // sizeLimit bounds the volume (the kubelet evicts the pod past it; here the write fails with
    // ENOSPC), within the runtime's per-volume and per-cluster disk budgets.
    const sizeLimitBytes = parseQuantity(vol.emptyDir.sizeLimit);
    return { type: 'emptyDir', podUid: pod.metadata.uid!, volume: vol.name, ...(sizeLimitBytes !== undefined ? { sizeLimitBytes } : {}) };
  }
  if (vol.hostPath) return { type: 'hostPath', node: nodeName, path: vol.hostPath.path, hostPathType: vol.hostPath.type };
  if (vol.persistentVolumeClaim) {
    const claim = client.get(GR.pvcs, ns, vol.persistentVolumeClaim.claimName);
    if (!claim) throw new VolumeMountError(vol.name, `persistentvolumeclaim "${vol.persistentVolumeClaim.claimName}" not found`);
    const volumeName = (claim.spec as { volumeName?: string }).volumeName;
    const phase = (claim.status as { phase?: string } | undefined)?.phase;
    if (!volumeName || phase !== 'Bound') throw new VolumeMountError(vol.name, `persistentvolumeclaim "${claim.metadata.name}" is not bound`);
    return { type: 'persistent', volumeName };
  }
  if (vol.configMap) return { type: 'files', files: configMapFiles(client, ns, vol.name, vol.configMap), defaultMode: vol.configMap.defaultMode };
  if (vol.secret) return { type: 'files', files: secretFiles(client, ns, vol.name, { ...vol.secret, name: vol.secret.secretName }), defaultMode: vol.secret.defaultMode };
  if (vol.downwardAPI) return { type: 'files', files: downwardFiles(pod, vol.downwardAPI.items, addrs), defaultMode: vol.downwardAPI.defaultMode };
  if (vol.projected) {
    const files: Record<string, string> = {};
    for (const src of vol.projected.sources ?? []) {
      if (src.configMap) Object.assign(files, configMapFiles(client, ns, vol.name, src.configMap as { name: string }));
      else if (src.secret) Object.assign(files, secretFiles(client, ns, vol.name, src.secret as { name: string }));
      else if (src.downwardAPI) Object.assign(files, downwardFiles(pod, (src.downwardAPI as { items?: [] }).items, addrs));
      else if (src.serviceAccountToken) files[(src.serviceAccountToken as { path: string }).path] = serviceAccountToken(pod);
    }
    return { type: 'files', files, defaultMode: vol.projected.defaultMode };
  }
  // Other volume types (nfs, csi, ...) have nothing behind them in the sandbox: an empty tree.
  return { type: 'emptyDir', podUid: pod.metadata.uid!, volume: vol.name };
}

/** The container's mounts in spec order; throws VolumeMountError when a source is not ready. */
export function resolveMounts(pod: KubeObject, container: { name: string; volumeMounts?: VolumeMountSpec[] }, client: ClusterClient, nodeName: string, addrs: PodAddresses): Mount[] {
  const volumes = ((pod.spec as { volumes?: VolumeSpec[] }).volumes ?? []);
  const byName = new Map(volumes.map((v) => [v.name, v]));
  const mounts: Mount[] = [];
  for (const vm of container.volumeMounts ?? []) {
    const vol = byName.get(vm.name);
    if (!vol) throw new VolumeMountError(vm.name, `volume "${vm.name}" is not defined in the pod spec`);
    const readOnly = vm.readOnly ?? Boolean(vol.configMap || vol.secret || vol.downwardAPI || vol.projected || vol.persistentVolumeClaim?.readOnly);
    mounts.push({ mountPath: vm.mountPath, subPath: vm.subPath || undefined, readOnly, source: volumeSource(pod, vol, client, nodeName, addrs) });
  }
  return mounts;
}
