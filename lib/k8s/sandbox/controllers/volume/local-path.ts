/**
 * The rancher.io/local-path provisioner kind ships as the `standard` StorageClass
 * (rancher/local-path-provisioner on sig-storage-lib-external-provisioner). It provisions a
 * claim once the PV controller has named it as the claim's provisioner and, since it makes a
 * directory on one node, only once a node has been selected (WaitForFirstConsumer). The PV is
 * `pvc-<claim uid>`: a hostPath directory `/var/local-path-provisioner/pvc-<uid>_<ns>_<claim>`
 * pinned to that node. With the Delete reclaim policy it deletes a Released PV it made.
 */
import type { KubeObject } from '../../types';
import { GR, type ClusterClient } from '../framework/client';
import type { EventRecorder } from '../framework/events';
import { ANN_DYNAMICALLY_PROVISIONED, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, PV_PROTECTION_FINALIZER } from './annotations';
import { claimSpec, phaseOf, volumeSpec } from './volume-types';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
export const LOCAL_PATH_BASE = '/var/local-path-provisioner';

export class ProvisioningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisioningError';
  }
}

/** The PV name lib-external-provisioner gives a claim. */
export function provisionedVolumeName(claim: KubeObject): string {
  return `pvc-${claim.metadata.uid}`;
}

/** Provision(): refuses what local-path cannot do, with its own messages. */
export function checkProvisionable(claim: KubeObject): void {
  const spec = claimSpec(claim);
  if (spec.selector) throw new ProvisioningError('claim.Spec.Selector is not supported');
  for (const mode of spec.accessModes ?? []) {
    if (mode !== 'ReadWriteOnce' && mode !== 'ReadWriteOncePod') throw new ProvisioningError('Only support ReadWriteOnce access mode');
  }
  if (!claim.metadata.annotations?.[ANN_SELECTED_NODE]) throw new ProvisioningError('configuration error, no node was specified');
}

/** The PersistentVolume local-path returns for claim on node (pv-protection as admission adds it). */
export function localPathVolume(claim: KubeObject, storageClass: KubeObject, node: string): KubeObject {
  const name = provisionedVolumeName(claim);
  const spec = claimSpec(claim);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      annotations: { [ANN_DYNAMICALLY_PROVISIONED]: LOCAL_PATH_PROVISIONER },
      finalizers: [PV_PROTECTION_FINALIZER],
    },
    spec: {
      accessModes: [...(spec.accessModes ?? [])],
      capacity: { storage: spec.resources?.requests?.storage },
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name: claim.metadata.name,
        namespace: claim.metadata.namespace,
        resourceVersion: claim.metadata.resourceVersion,
        uid: claim.metadata.uid,
      },
      hostPath: { path: `${LOCAL_PATH_BASE}/${name}_${claim.metadata.namespace}_${claim.metadata.name}`, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
      persistentVolumeReclaimPolicy: (storageClass.reclaimPolicy as string | undefined) ?? 'Delete',
      storageClassName: storageClass.metadata.name,
      volumeMode: spec.volumeMode ?? 'Filesystem',
    },
  };
}

export type ProvisionOutcome = 'not-mine' | 'provisioned' | 'failed';

export class LocalPathProvisioner {
  constructor(private readonly client: ClusterClient, private readonly recorder: EventRecorder) {}

  /** One provisioning attempt for claim, recording Provisioning and its outcome on the claim. */
  provision(claim: KubeObject): ProvisionOutcome {
    if (claim.metadata.annotations?.[ANN_STORAGE_PROVISIONER] !== LOCAL_PATH_PROVISIONER) return 'not-mine';
    if (claimSpec(claim).volumeName || claim.metadata.deletionTimestamp) return 'not-mine';
    if (this.client.get(GR.pvs, undefined, provisionedVolumeName(claim))) return 'not-mine';
    const className = claimSpec(claim).storageClassName ?? '';
    const storageClass = this.client.get(GR.storageclasses, undefined, className);
    if (!storageClass || storageClass.provisioner !== LOCAL_PATH_PROVISIONER) return 'not-mine';
    this.recorder.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${claim.metadata.namespace}/${claim.metadata.name}"`);
    try {
      checkProvisionable(claim);
      const node = claim.metadata.annotations[ANN_SELECTED_NODE]!;
      if (!this.client.get(GR.nodes, undefined, node)) throw new ProvisioningError(`failed to get node ${node}: nodes "${node}" not found`);
      this.client.create(localPathVolume(claim, storageClass, node));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.recorder.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${className}": ${reason}`);
      return 'failed';
    }
    this.recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${provisionedVolumeName(claim)}`);
    return 'provisioned';
  }

  /** A Released PV this provisioner made, under Delete: its directory and the PV go. */
  reclaim(pv: KubeObject): boolean {
    if (pv.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== LOCAL_PATH_PROVISIONER) return false;
    if (phaseOf(pv) !== 'Released' || volumeSpec(pv).persistentVolumeReclaimPolicy !== 'Delete' || pv.metadata.deletionTimestamp) return false;
    try {
      this.client.delete(GR.pvs, undefined, pv.metadata.name!);
    } catch {
      // Already gone.
    }
    return true;
  }
}
