/**
 * The kube-controller-manager parts every cluster runs, whatever components it was built with
 * (even none, an API server alone): the garbage collector, the root CA publisher and the
 * service-account controller. They work on the store as the system does at bootstrap; the
 * Cluster starts them after bootstrapping and stops them last. The product's other
 * controllers, the scheduler and the kubelets are in components.ts.
 */
import type { StorePort } from './apiserver/ports';
import type { ClusterComponent } from './cluster';
import { GarbageCollector } from './controllers/garbagecollector/garbage-collector';
import { rootCaCertPublisher, serviceAccountsController } from './controllers/namespacedefaults/namespace-defaults';

export function coreComponents(store: StorePort): ClusterComponent[] {
  // The root CA ConfigMap before the ServiceAccount in a new namespace, as bootstrap creates them.
  return [rootCaCertPublisher(store), serviceAccountsController(store), new GarbageCollector(store)];
}
