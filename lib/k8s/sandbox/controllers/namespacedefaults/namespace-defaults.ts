/**
 * The two kube-controller-manager loops that give every new namespace an object of its own,
 * as components: the service-account controller (pkg/controller/serviceaccount
 * ServiceAccountsController.syncNamespace: the `default` ServiceAccount) and the root CA
 * publisher (pkg/controller/certificates/rootcacertpublisher Publisher.syncNamespace: the
 * `kube-root-ca.crt` ConfigMap). They write to the store as the system does at bootstrap,
 * so even a cluster built with no components (an API server alone) has them.
 */
import { defaultServiceAccount, rootCaConfigMap } from '../../bootstrap';
import type { StorePort } from '../../apiserver/ports';
import { GR } from '../../registry/group-resources';
import type { GroupResource, KubeObject } from '../../types';

export class NamespaceDefaultObject {
  private watch: { close(): void } | undefined;

  constructor(
    private readonly store: StorePort,
    private readonly gr: GroupResource,
    /** The object every namespace gets (its name is what is looked for). */
    private readonly objectFor: (namespace: string) => KubeObject,
  ) {}

  start(): void {
    if (this.watch) return;
    this.watch = this.store.watch(GR.namespaces, { resourceVersion: this.store.resourceVersion() }, (e) => {
      if (e.type !== 'ADDED') return;
      const namespace = e.object.metadata.name!;
      // After the write that created the namespace has returned.
      queueMicrotask(() => this.syncNamespace(namespace));
    });
  }

  stop(): void {
    this.watch?.close();
    this.watch = undefined;
  }

  /** Creates the namespace's object when it is missing and the namespace still exists. */
  syncNamespace(namespace: string): void {
    const obj = this.objectFor(namespace);
    if (this.store.get(this.gr, namespace, obj.metadata.name!)) return;
    if (!this.store.get(GR.namespaces, undefined, namespace)) return;
    try {
      this.store.create(this.gr, obj);
    } catch {
      // Created concurrently by a client: the namespace has its object either way.
    }
  }
}

/** ServiceAccountsController: the `default` ServiceAccount in every namespace. */
export function serviceAccountsController(store: StorePort): NamespaceDefaultObject {
  return new NamespaceDefaultObject(store, GR.serviceaccounts, (namespace) => ({ ...defaultServiceAccount(namespace), metadata: { name: 'default', namespace } }));
}

/** rootcacertpublisher.Publisher: `kube-root-ca.crt` in every namespace. */
export function rootCaCertPublisher(store: StorePort): NamespaceDefaultObject {
  return new NamespaceDefaultObject(store, GR.configmaps, rootCaConfigMap);
}
