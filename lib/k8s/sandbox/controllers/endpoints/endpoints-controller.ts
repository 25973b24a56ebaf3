/**
 * EndpointsController (pkg/controller/endpoint/endpoints_controller.go): keeps an Endpoints
 * object named after every Service that has a selector, listing the IPs of the pods the
 * selector matches (ready ones under addresses, the others under notReadyAddresses) with the
 * Service's ports resolved against each pod. Services without a selector are left alone
 * (their Endpoints are the user's); a deleted Service's Endpoints are deleted.
 */
import { StatusError } from '../../errors';
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { Controller, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import { endpointLabels, serviceSpec } from './pod-endpoint';
import { podsForService, serviceKeysForPod } from './service-pods';
import { computeSubsets } from './subsets';
import { LAST_CHANGE_TRIGGER_TIME, TriggerTimeTracker } from './trigger-time';

export const ENDPOINT_CONTROLLER = 'endpoint-controller';

export class EndpointsController extends Controller {
  private readonly triggerTimes = new TriggerTimeTracker();

  constructor(ctx: ControllerContext) {
    super(ctx, ENDPOINT_CONTROLLER);
  }

  protected setup(): void {
    this.watch(GR.services, (svc) => keyOf(svc));
    this.watch(GR.pods, (pod) => serviceKeysForPod(this.ctx.client, pod));
    // Someone deleting or editing a managed Endpoints gets it put back.
    this.watch(GR.endpoints, (ep) => keyOf(ep));
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.services).map(keyOf);
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const svc = this.ctx.client.get(GR.services, namespace, name);
    if (!svc) {
      this.triggerTimes.forget(key);
      this.deleteEndpoints(namespace, name);
      return;
    }
    if (!serviceSpec(svc).selector) return;
    const pods = podsForService(this.ctx.client, svc);
    const subsets = computeSubsets(svc, pods);
    const triggerTime = this.triggerTimes.compute(svc, pods);
    const labels = endpointLabels(svc);
    const current = this.ctx.client.get(GR.endpoints, namespace, name);
    if (current && sameJSON(current.subsets ?? [], subsets) && sameJSON(current.metadata.labels ?? {}, labels ?? {})) return;

    const annotations = { ...(current?.metadata.annotations ?? {}) };
    if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = triggerTime;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    const metadata = {
      ...(current?.metadata ?? {}),
      name,
      namespace,
      ...(labels ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    };
    if (!labels) delete metadata.labels;
    if (!Object.keys(annotations).length) delete metadata.annotations;
    const next: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata, ...(subsets.length ? { subsets } : {}) };
    if (current) this.ctx.client.update(next);
    else this.ctx.client.create(next);
  }

  private deleteEndpoints(namespace: string | undefined, name: string): void {
    try {
      this.ctx.client.delete(GR.endpoints, namespace, name);
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return;
      throw err;
    }
  }
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
