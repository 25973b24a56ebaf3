/**
 * PersistentVolumeController (pkg/controller/volume/persistentvolume/pv_controller.go) with
 * the pieces kind runs beside it: the rancher.io/local-path external provisioner and the
 * pvc-protection / pv-protection finalizer controllers.
 *
 * Claims: an unbound claim binds to a matching or pre-bound PV; with none, a
 * WaitForFirstConsumer class waits for the scheduler's selected-node annotation, any other
 * class is handed to its external provisioner (the storage-provisioner annotations and the
 * ExternalProvisioning event), and a claim without class records FailedBinding. Binding
 * writes both ways: PV claimRef (+ bound-by-controller when we set it) and phase Bound, then
 * the claim's volumeName, bind-completed / bound-by-controller and status Bound with the PV's
 * access modes and capacity. Unbound claims are resynced every 15 s, as syncPeriod does, so
 * their waiting events count up like a real cluster's.
 *
 * Volumes: no claimRef → Available; the claim gone → Released, then Retain keeps it and
 * Delete lets the provisioner that made it delete it.
 */
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { Controller, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import { randomSuffix } from '../framework/names';
import type { EventRecorder } from '../framework/events';
import {
  ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER,
  PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER,
} from './annotations';
import { LocalPathProvisioner, LOCAL_PATH_PROVISIONER } from './local-path';
import { findBestMatch } from './matching';
import { claimClass, claimSpec, isVolumeBoundToClaim, phaseOf, volumeSpec } from './volume-types';

export const PV_CONTROLLER = 'persistentvolume-controller';
/** The controller-manager's --pvclaimbinder-sync-period. */
export const CLAIM_RESYNC_MS = 15_000;
/** lib-external-provisioner retries a failed provisioning with exponential backoff. */
const PROVISION_RETRY_BASE_MS = 15_000;
const PROVISION_RETRY_MAX_MS = 1_000_000;

const claimKey = (pvc: KubeObject) => `claim:${keyOf(pvc)}`;
const volumeKey = (name: string) => `volume:${name}`;
const provisionKey = (pvc: KubeObject) => `provision:${keyOf(pvc)}`;

function claimNamesOf(pod: KubeObject): string[] {
  const volumes = (pod.spec as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] } | undefined)?.volumes ?? [];
  return volumes.map((v) => v.persistentVolumeClaim?.claimName).filter((n): n is string => Boolean(n));
}

/** A deterministic stand-in for the provisioner pod's identity, e.g. `rancher.io/local-path_local-path-provisioner-7dc846544d-9kq4n_<uuid>`. */
function provisionerIdentity(random: () => number): string {
  const hex = () => Math.floor(random() * 16).toString(16);
  const uuid = [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, hex).join('')).join('-');
  return `${LOCAL_PATH_PROVISIONER}_local-path-provisioner-${randomSuffix(random, 10)}-${randomSuffix(random)}_${uuid}`;
}

export class PersistentVolumeController extends Controller {
  private readonly recorder: EventRecorder;
  private readonly provisioner: LocalPathProvisioner;
  private readonly provisionFailures = new Map<string, number>();
  /** Claims whose next MODIFIED event is our own finalizer write. */
  private readonly finalizerWrites = new Set<string>();
  /** Claim key → uid of the claim synced under it at least once (see emitWaitingForConsumer). */
  private readonly syncedClaims = new Map<string, string>();

  constructor(ctx: ControllerContext) {
    super(ctx, PV_CONTROLLER);
    this.recorder = ctx.recorder(PV_CONTROLLER);
    this.provisioner = new LocalPathProvisioner(ctx.client, ctx.recorder(provisionerIdentity(ctx.random)));
  }

  protected setup(): void {
    this.watch(GR.pvcs, (pvc, e) => {
      const volumeName = claimSpec(pvc).volumeName;
      const own = e.type === 'MODIFIED' && this.finalizerWrites.delete(keyOf(pvc)) && Boolean(pvc.metadata.finalizers?.includes(PVC_PROTECTION_FINALIZER));
      return [...(own ? [] : [claimKey(pvc)]), provisionKey(pvc), ...(volumeName ? [volumeKey(volumeName)] : [])];
    });
    this.watch(GR.pvs, (pv) => {
      const ref = volumeSpec(pv).claimRef;
      return [volumeKey(pv.metadata.name!), ...(ref?.name && ref.namespace ? [`claim:${ref.namespace}/${ref.name}`] : [])];
    });
    // Only protection cares about pods: a claim being deleted waits for its last pod.
    this.watch(GR.pods, (pod) => claimNamesOf(pod).map((n) => `claim:${pod.metadata.namespace}/${n}`)
      .filter((k) => { const { namespace, name } = splitKey(k.slice(6)); return Boolean(this.ctx.client.get(GR.pvcs, namespace, name)?.metadata.deletionTimestamp); }));
  }

  protected initialKeys(): string[] {
    return [
      ...this.ctx.client.peekList(GR.pvs).map((pv) => volumeKey(pv.metadata.name!)),
      ...this.ctx.client.peekList(GR.pvcs).map(claimKey),
    ];
  }

  sync(key: string): void {
    const i = key.indexOf(':');
    const kind = key.slice(0, i);
    const { namespace, name } = splitKey(key.slice(i + 1));
    if (kind === 'volume') {
      const pv = this.ctx.client.get(GR.pvs, undefined, name);
      if (pv) this.syncVolume(pv);
      return;
    }
    const pvc = this.ctx.client.get(GR.pvcs, namespace, name);
    if (!pvc) {
      this.provisionFailures.delete(key);
      this.finalizerWrites.delete(key.slice(i + 1));
      this.syncedClaims.delete(key.slice(i + 1));
      return;
    }
    if (kind === 'provision') this.syncProvisioning(key, pvc);
    else this.syncClaim(key, pvc);
  }

  // ---- claims --------------------------------------------------------------------------

  private syncClaim(key: string, pvc: KubeObject): void {
    if (pvc.metadata.deletionTimestamp) {
      this.releaseProtection(pvc);
      return;
    }
    const claim = this.ensureProtection(pvc);
    if (claim.metadata.annotations?.[ANN_BIND_COMPLETED] === undefined) this.syncUnboundClaim(key, claim);
    else this.syncBoundClaim(claim);
  }

  private syncUnboundClaim(key: string, claim: KubeObject): void {
    const spec = claimSpec(claim);
    if (!spec.volumeName) {
      const className = claimClass(claim);
      const storageClass = className ? this.ctx.client.get(GR.storageclasses, undefined, className) : undefined;
      const delayBinding = storageClass?.volumeBindingMode === 'WaitForFirstConsumer';
      const selectedNode = claim.metadata.annotations?.[ANN_SELECTED_NODE];
      const node = selectedNode ? this.ctx.client.get(GR.nodes, undefined, selectedNode) : undefined;
      // Upstream the scheduler's volume binder pre-binds a matching static PV once it picks a
      // node; matching against the selected node here stands in for that step.
      const volume = findBestMatch(claim, this.ctx.client.list(GR.pvs), { delayBinding, node });
      if (volume) {
        this.bind(volume, claim);
        return;
      }
      if (delayBinding && !selectedNode) this.emitWaitingForConsumer(claim);
      else if (className) this.provisionClaim(claim, className, storageClass);
      else this.recorder.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      this.setClaimPending(claim);
      this.queue.addAfter(key, CLAIM_RESYNC_MS);
      return;
    }
    const volume = this.ctx.client.get(GR.pvs, undefined, spec.volumeName);
    if (!volume) {
      this.setClaimPending(claim);
      this.queue.addAfter(key, CLAIM_RESYNC_MS);
      return;
    }
    if (!volumeSpec(volume).claimRef || isVolumeBoundToClaim(volume, claim)) {
      this.bind(volume, claim);
      return;
    }
    if (claim.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] === undefined) {
      this.recorder.event(claim, 'Warning', 'FailedBinding', `volume "${spec.volumeName}" already bound to a different claim.`);
    }
    this.setClaimPending(claim);
    this.queue.addAfter(key, CLAIM_RESYNC_MS);
  }

  private syncBoundClaim(claim: KubeObject): void {
    const volumeName = claimSpec(claim).volumeName;
    if (!volumeName) {
      this.setClaimLost(claim, 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
      return;
    }
    const volume = this.ctx.client.get(GR.pvs, undefined, volumeName);
    if (!volume) {
      this.setClaimLost(claim, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      return;
    }
    if (!volumeSpec(volume).claimRef || isVolumeBoundToClaim(volume, claim)) {
      this.bind(volume, claim);
      return;
    }
    this.setClaimLost(claim, 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
  }

  /** emitEventForUnboundDelayBindingClaim: which consumer the claim is waiting for. */
  private emitWaitingForConsumer(claim: KubeObject): void {
    // Upstream reads pods from an informer cache, which on a claim's first sync has not yet
    // seen the pod created a moment after it (a StatefulSet creates claim, then pod): the
    // first event is WaitForFirstConsumer, later resyncs name the unscheduled pod.
    const firstSync = this.syncedClaims.get(keyOf(claim)) !== claim.metadata.uid;
    this.syncedClaims.set(keyOf(claim), claim.metadata.uid!);
    const waiting = firstSync ? [] : this.ctx.client.list(GR.pods, { namespace: claim.metadata.namespace })
      .filter((p) => !(p.spec as { nodeName?: string }).nodeName && claimNamesOf(p).includes(claim.metadata.name!))
      .map((p) => p.metadata.name!);
    if (waiting.length === 0) {
      this.recorder.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    } else {
      const msg = waiting.length > 1 ? `waiting for pods ${waiting.join(',')} to be scheduled` : `waiting for pod ${waiting[0]} to be scheduled`;
      this.recorder.event(claim, 'Normal', 'WaitForPodScheduled', msg);
    }
  }

  /** provisionClaimOperationExternal: name the provisioner on the claim and wait for it. */
  private provisionClaim(claim: KubeObject, className: string, storageClass: KubeObject | undefined): void {
    if (!storageClass) {
      this.recorder.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      return;
    }
    const provisioner = String(storageClass.provisioner ?? '');
    if (provisioner === 'kubernetes.io/no-provisioner') {
      this.recorder.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      return;
    }
    let current = claim;
    const ann = claim.metadata.annotations ?? {};
    if (ann[ANN_STORAGE_PROVISIONER] !== provisioner || ann[ANN_BETA_STORAGE_PROVISIONER] !== provisioner) {
      const next = structuredClone(claim);
      next.metadata.annotations = { ...ann, [ANN_BETA_STORAGE_PROVISIONER]: provisioner, [ANN_STORAGE_PROVISIONER]: provisioner };
      current = this.ctx.client.update(next);
    }
    this.recorder.event(current, 'Normal', 'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
  }

  private syncProvisioning(key: string, claim: KubeObject): void {
    const outcome = this.provisioner.provision(claim);
    if (outcome === 'failed') {
      const n = this.provisionFailures.get(key) ?? 0;
      this.provisionFailures.set(key, n + 1);
      this.queue.addAfter(key, Math.min(PROVISION_RETRY_BASE_MS * 2 ** n, PROVISION_RETRY_MAX_MS));
    } else {
      this.provisionFailures.delete(key);
    }
  }

  /**
   * bind(): PV claimRef, PV phase Bound, claim volumeName + annotations, claim status Bound.
   * Each step writes only when something changes, so repeating it is harmless.
   */
  private bind(volume: KubeObject, claim: KubeObject): void {
    let pv = volume;
    if (!isVolumeBoundToClaim(pv, claim) || !volumeSpec(pv).claimRef?.uid) {
      const next = structuredClone(pv);
      (next.spec as Record<string, unknown>).claimRef = {
        kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name,
        uid: claim.metadata.uid, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion,
      };
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
      pv = this.ctx.client.update(next);
    }
    pv = this.setVolumePhase(pv, 'Bound');

    let pvc = claim;
    const ann = pvc.metadata.annotations ?? {};
    if (claimSpec(pvc).volumeName !== pv.metadata.name || ann[ANN_BIND_COMPLETED] !== 'yes') {
      const next = structuredClone(pvc);
      const annotations: Record<string, string> = { ...ann, [ANN_BIND_COMPLETED]: 'yes' };
      if (claimSpec(pvc).volumeName !== pv.metadata.name) {
        (next.spec as Record<string, unknown>).volumeName = pv.metadata.name;
        annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
      }
      next.metadata.annotations = annotations;
      pvc = this.ctx.client.update(next);
    }
    const vs = volumeSpec(pv);
    const want = { phase: 'Bound', accessModes: vs.accessModes ?? [], capacity: vs.capacity ?? {} };
    const status = (pvc.status ?? {}) as Record<string, unknown>;
    if (status.phase !== 'Bound' || JSON.stringify(status.accessModes) !== JSON.stringify(want.accessModes) || JSON.stringify(status.capacity) !== JSON.stringify(want.capacity)) {
      this.ctx.client.updateStatus({ ...pvc, status: { ...status, ...want } });
    }
  }

  private setClaimPending(claim: KubeObject): void {
    if (phaseOf(claim) === 'Pending') return;
    this.ctx.client.updateStatus({ ...claim, status: { ...((claim.status ?? {}) as object), phase: 'Pending' } });
  }

  private setClaimLost(claim: KubeObject, reason: string, message: string): void {
    if (phaseOf(claim) === 'Lost') return;
    this.ctx.client.updateStatus({ ...claim, status: { ...((claim.status ?? {}) as object), phase: 'Lost' } });
    this.recorder.event(claim, 'Warning', reason, message);
  }

  // ---- volumes -------------------------------------------------------------------------

  private syncVolume(pv: KubeObject): void {
    const ref = volumeSpec(pv).claimRef;
    const claim = ref?.namespace && ref.name ? this.ctx.client.get(GR.pvcs, ref.namespace, ref.name) : undefined;
    const sameClaim = claim !== undefined && (!ref?.uid || ref.uid === claim.metadata.uid);
    let phase: string | undefined;
    if (!ref) phase = 'Available';
    // A ref without uid: pre-bound by an administrator to a claim that may not exist yet.
    else if (!sameClaim) phase = ref.uid ? 'Released' : 'Available';
    else if (claimSpec(claim).volumeName === pv.metadata.name) phase = 'Bound';
    else if (!claimSpec(claim).volumeName) phase = 'Available';
    const current = phase ? this.setVolumePhase(pv, phase) : pv;
    if (current.metadata.deletionTimestamp) {
      this.releaseVolumeProtection(current);
      return;
    }
    // reclaimVolume: Retain keeps a Released volume; Delete lets its provisioner delete it.
    if (phase === 'Released' && volumeSpec(current).persistentVolumeReclaimPolicy === 'Delete') this.provisioner.reclaim(current);
  }

  private setVolumePhase(pv: KubeObject, phase: string): KubeObject {
    if (phaseOf(pv) === phase) return pv;
    return this.ctx.client.updateStatus({ ...pv, status: { ...((pv.status ?? {}) as object), phase, lastPhaseTransitionTime: this.ctx.clock.nowISO() } });
  }

  // ---- protection ----------------------------------------------------------------------

  /** Stands in for the StorageObjectInUseProtection admission plugin, which adds it on create. */
  private ensureProtection(pvc: KubeObject): KubeObject {
    if (pvc.metadata.finalizers?.includes(PVC_PROTECTION_FINALIZER)) return pvc;
    const next = structuredClone(pvc);
    next.metadata.finalizers = [...(next.metadata.finalizers ?? []), PVC_PROTECTION_FINALIZER];
    // Upstream the finalizer comes with the create (admission), so this write must not cause
    // a second sync of its own (and a second waiting event). The watch may deliver its event
    // during update(), so the mark goes first.
    this.finalizerWrites.add(keyOf(pvc));
    try {
      return this.ctx.client.update(next);
    } catch (err) {
      this.finalizerWrites.delete(keyOf(pvc));
      throw err;
    }
  }

  /** pvc-protection-controller: the finalizer goes once no scheduled pod references the claim. */
  private releaseProtection(pvc: KubeObject): void {
    if (!pvc.metadata.finalizers?.includes(PVC_PROTECTION_FINALIZER)) return;
    const inUse = this.ctx.client.list(GR.pods, { namespace: pvc.metadata.namespace })
      .some((p) => (p.spec as { nodeName?: string }).nodeName && claimNamesOf(p).includes(pvc.metadata.name!));
    if (inUse) return;
    const next = structuredClone(pvc);
    next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== PVC_PROTECTION_FINALIZER);
    this.ctx.client.update(next);
  }

  /** pv-protection-controller: a PV being deleted keeps its finalizer while Bound. */
  private releaseVolumeProtection(pv: KubeObject): void {
    if (!pv.metadata.finalizers?.includes(PV_PROTECTION_FINALIZER) || phaseOf(pv) === 'Bound') return;
    const next = structuredClone(pv);
    next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== PV_PROTECTION_FINALIZER);
    this.ctx.client.update(next);
  }
}
