/**
 * A sandbox cluster's own API server as an ObjectApi, in the thread the cluster runs on: the lab
 * bench's Apply and Delete (cluster-operations.ts) reach it with the same requests client-node
 * sends, in one call from the portal instead of a round trip to the worker per request. The
 * portal checked the learner's session before the call, and the path is relative to the cluster,
 * so no token goes in it; everything else (admission, validation, limits, errors) is the API
 * server's, as for kubectl.
 */
import type { Cluster } from '../k8s/sandbox/cluster';
import { inProcessObjectApi } from '../k8s/client/in-process-object-api';
import type { ObjectApi } from '../k8s/client/object-api';
import { findKind } from '../k8s/sandbox/registry';

export function clusterObjectApi(cluster: Cluster): ObjectApi {
  return inProcessObjectApi(
    (req, res) => {
      const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      void cluster.handle(req, res, url.pathname, url.searchParams);
      return true;
    },
    (apiVersion, kind) => findKind(apiVersion, kind),
  );
}
