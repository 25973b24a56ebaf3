/** ObjectApi (object-api.ts) through client-node's KubernetesObjectApi: a cluster reached by a kubeconfig. */
import * as k8s from '@kubernetes/client-node';
import { FIELD_MANAGER, type ObjectApi } from './object-api';

export function clientNodeObjectApi(kc: k8s.KubeConfig): ObjectApi {
  const client = k8s.KubernetesObjectApi.makeApiClient(kc);
  return {
    read: (spec) => client.read({ apiVersion: spec.apiVersion, kind: spec.kind, metadata: { name: spec.metadata.name, namespace: spec.metadata.namespace } }),
    apply: (spec, dryRun) => client.patch(spec, undefined, dryRun ? 'All' : undefined, FIELD_MANAGER, true, k8s.PatchStrategy.ServerSideApply),
    delete: async (spec) => {
      await client.delete(spec, undefined, undefined, undefined, undefined, 'Background');
    },
  };
}
