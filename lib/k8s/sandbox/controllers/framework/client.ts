/**
 * ClusterClient: how controllers, the scheduler and the kubelets read and write the cluster.
 * It is the API server's own write path without HTTP: creates and updates go through
 * admission (defaulting, validation) and managedFields tracking, deletes through the same
 * propagation and graceful-deletion rules a kubectl DELETE gets. Errors are StatusErrors.
 */
import type { GroupResource, KubeObject, WatchEvent } from '../../types';
import type { PropagationPolicy } from '../../core/deletion-policy';

export interface ClientListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ClientDeleteOptions {
  propagation?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
  /** Pods: 0 removes at once; unset uses the pod's terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
}

export interface ClusterClient {
  get(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined;
  list(gr: GroupResource, opts?: ClientListOptions): KubeObject[];
  /**
   * get without the copy: the stored object itself, frozen (changing it throws). For a sync
   * that only reads; copy it (or use get) to build a write from it.
   */
  peek(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined;
  /** list without the copies: the stored objects, frozen, in list order. */
  peekList(gr: GroupResource, opts?: ClientListOptions): KubeObject[];
  /**
   * apiVersion and kind of obj pick the resource; admission runs as for a POST. Like update
   * and updateStatus, returns the stored object itself, frozen: copy it to build a write.
   */
  create(obj: KubeObject): KubeObject;
  /** Replaces the main resource (status kept), with admission; resourceVersion conflicts throw 409. */
  update(obj: KubeObject): KubeObject;
  /** Writes status only (the status subresource). */
  updateStatus(obj: KubeObject): KubeObject;
  /** The object as deleted (or marked for deletion), frozen like a write's result. */
  delete(gr: GroupResource, namespace: string | undefined, name: string, opts?: ClientDeleteOptions): { object: KubeObject; removed: boolean };
  /** pods/binding: assigns the pod to node (spec.nodeName + PodScheduled=True); 409 if already bound. */
  bind(namespace: string, pod: string, node: string): KubeObject;
  /**
   * Watches from now on (no initial list): the informer's job is to list first. Events carry
   * the stored objects themselves, frozen: an informer reads them, it does not change them.
   */
  watch(gr: GroupResource, onEvent: (e: WatchEvent) => void, opts?: { namespace?: string }): { close(): void };
}

/** The registered collections by short name, from the registry (registry/group-resources.ts). */
export { GR } from '../../registry/group-resources';
