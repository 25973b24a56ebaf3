/**
 * EndpointSliceController (pkg/controller/endpointslice/endpointslice_controller.go and the
 * reconciler in staging/src/k8s.io/endpointslice/reconciler.go): for every Service with a
 * selector, EndpointSlices `<svc>-xxxxx` owned by the Service, one per distinct port list,
 * holding every pod with an IP that has not finished, with ready/serving/terminating
 * conditions, node and zone. A Service with no endpoints keeps one empty placeholder slice.
 * Deleted Services' slices go with the garbage collector (they carry an owner reference).
 */
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { Controller, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import { generateNamePrefix } from '../framework/names';
import { newControllerRef } from '../framework/controller-ref-manager';
import { serviceSpec } from './pod-endpoint';
import { podsForService, serviceKeysForPod } from './service-pods';
import {
  desiredSliceGroups, ENDPOINTSLICE_CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, portsKey, sliceLabels, type SliceGroup, type SlicePort,
} from './slice-endpoints';
import { LAST_CHANGE_TRIGGER_TIME, TriggerTimeTracker } from './trigger-time';

export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller';

export class EndpointSliceController extends Controller {
  private readonly triggerTimes = new TriggerTimeTracker();

  constructor(ctx: ControllerContext) {
    super(ctx, ENDPOINTSLICE_CONTROLLER);
  }

  protected setup(): void {
    this.watch(GR.services, (svc) => keyOf(svc));
    this.watch(GR.pods, (pod) => serviceKeysForPod(this.ctx.client, pod));
    this.watch(GR.endpointslices, (slice) => {
      const svc = slice.metadata.labels?.[LABEL_SERVICE_NAME];
      if (!svc || slice.metadata.labels?.[LABEL_MANAGED_BY] !== ENDPOINTSLICE_CONTROLLER_NAME) return undefined;
      return `${slice.metadata.namespace}/${svc}`;
    });
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.services).map(keyOf);
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const svc = this.ctx.client.get(GR.services, namespace, name);
    if (!svc) {
      this.triggerTimes.forget(key);
      return;
    }
    if (!serviceSpec(svc).selector || svc.metadata.deletionTimestamp) return;
    const pods = podsForService(this.ctx.client, svc);
    const groups = desiredSliceGroups(svc, pods, (node) => this.ctx.client.get(GR.nodes, undefined, node));
    // When no endpoints would exist, one placeholder slice with no ports stays.
    if (groups.length === 0) groups.push({ key: portsKey([]), ports: [], endpoints: [] });
    const triggerTime = this.triggerTimes.compute(svc, pods);
    const existing = this.ctx.client
      .list(GR.endpointslices, { namespace, labelSelector: `${LABEL_SERVICE_NAME}=${name},${LABEL_MANAGED_BY}=${ENDPOINTSLICE_CONTROLLER_NAME}` })
      .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    const unused = [...existing];
    const labels = sliceLabels(svc);
    for (const group of groups) {
      const i = unused.findIndex((s) => portsKey((s.ports ?? []) as SlicePort[]) === group.key);
      if (i < 0) {
        this.ctx.client.create(this.newSlice(svc, group, labels, triggerTime));
        continue;
      }
      const [slice] = unused.splice(i, 1);
      this.updateIfChanged(slice, group, labels, triggerTime);
    }
    for (const slice of unused) this.ctx.client.delete(GR.endpointslices, namespace, slice.metadata.name!);
  }

  private newSlice(svc: KubeObject, group: SliceGroup, labels: Record<string, string>, triggerTime: string | undefined): KubeObject {
    const owner = newControllerRef(svc, { apiVersion: 'v1', kind: 'Service' });
    return {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: generateNamePrefix(svc.metadata.name!),
        namespace: svc.metadata.namespace,
        labels,
        ...(triggerTime ? { annotations: { [LAST_CHANGE_TRIGGER_TIME]: triggerTime } } : {}),
        ownerReferences: [owner],
      },
      addressType: 'IPv4',
      endpoints: group.endpoints,
      ports: group.ports,
    };
  }

  private updateIfChanged(slice: KubeObject, group: SliceGroup, labels: Record<string, string>, triggerTime: string | undefined): void {
    if (JSON.stringify(slice.endpoints ?? []) === JSON.stringify(group.endpoints) && JSON.stringify(slice.metadata.labels ?? {}) === JSON.stringify(labels)) return;
    const annotations = { ...(slice.metadata.annotations ?? {}) };
    if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = triggerTime;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    const next: KubeObject = { ...slice, metadata: { ...slice.metadata, labels, annotations }, endpoints: group.endpoints, ports: group.ports };
    if (!Object.keys(annotations).length) delete next.metadata.annotations;
    this.ctx.client.update(next);
  }
}
