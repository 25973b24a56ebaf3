/**
 * What applying and deleting a manifest needs of a cluster, one object at a time: read it,
 * server-side apply it as FIELD_MANAGER, delete it in the background. Two implementations:
 * client-node's KubernetesObjectApi for a cluster reached by a kubeconfig
 * (client-node-object-api.ts), and in-process-object-api.ts where the sandbox cluster lives
 * (one call from the portal instead of a round trip to the worker per request). Failures are
 * thrown as something apiFailure (api-errors.ts) reads: a code and the API server's Status as
 * the body. Types only here: a sandbox worker applies without loading client-node (~100 MiB).
 */
import type * as k8s from '@kubernetes/client-node';

export const FIELD_MANAGER = 'kubelab';

export type ObjectSpec = k8s.KubernetesObject & { apiVersion: string; kind: string; metadata: k8s.V1ObjectMeta & { name: string } };

export interface ObjectApi {
  /** The object as the cluster has it (a 404 failure when it has none). */
  read(spec: ObjectSpec): Promise<k8s.KubernetesObject>;
  /** Server-side apply as FIELD_MANAGER, forcing conflicts as kubectl apply --server-side --force-conflicts; dryRun: the answer without a change. */
  apply(spec: ObjectSpec, dryRun: boolean): Promise<k8s.KubernetesObject>;
  /** Deletes it with propagation Background (the garbage collector deletes what it owns). */
  delete(spec: ObjectSpec): Promise<void>;
}

/** An ObjectApi rather than a kubeconfig (a KubeConfig has neither method). */
export function isObjectApi(x: unknown): x is ObjectApi {
  return typeof x === 'object' && x !== null && typeof (x as ObjectApi).read === 'function' && typeof (x as ObjectApi).apply === 'function';
}
