/**
 * Write strategies: what the API server does to an object before the store keeps it, declared
 * per kind with the kind (define.ts), as upstream's registry strategies
 * (k8s.io/apiserver/pkg/registry/rest: RESTCreateStrategy, RESTUpdateStrategy, and each kind's
 * pkg/registry/<group>/<kind>/strategy.go). Both write paths use them through beforeCreate,
 * beforeUpdate and beforeStatusUpdate: the HTTP API server (apiserver/api-server.ts) and the
 * in-process client of controllers, the scheduler and kubelets (apiserver/internal-client.ts),
 * so a rule written here holds for kubectl and for kube-controller-manager alike.
 */
import type { KubeObject } from './deps';

/**
 * What the store keeps of a main-resource write (the store's UpdateScope): 'main' keeps the
 * stored status (kinds with a status subresource), 'all' writes the whole object.
 */
export type MainWriteScope = 'main' | 'all';

export interface WriteStrategy {
  /** PrepareForCreate: clears what a client may not set on create (status, for most kinds). */
  prepareForCreate(obj: KubeObject): void;
  /** PrepareForUpdate of the main resource: what a client may not change there (status). */
  prepareForUpdate(obj: KubeObject, old: KubeObject): void;
  /**
   * The status strategy's PrepareForUpdate (e.g. podStatusStrategy): the new version is the
   * old one with the written status; spec and metadata stay as stored.
   */
  prepareForStatusUpdate(obj: KubeObject, old: KubeObject): KubeObject;
  /** The store's scope for main-resource writes of this kind. */
  readonly mainScope: MainWriteScope;
}

/** The status subresource's update, the same for every kind here. */
function statusOnly(obj: KubeObject, old: KubeObject): KubeObject {
  return { ...old, status: obj.status, metadata: { ...old.metadata, resourceVersion: obj.metadata.resourceVersion ?? old.metadata.resourceVersion } };
}

/** A kind without a status subresource (ConfigMap, Secret, ...): the whole object is the client's. */
export const plainStrategy: WriteStrategy = {
  prepareForCreate: () => undefined,
  prepareForUpdate: () => undefined,
  prepareForStatusUpdate: statusOnly,
  mainScope: 'all',
};

/**
 * A kind with a status subresource: status is written only through it. On create the status a
 * client sent is dropped (deploymentStrategy, jobStrategy, ... PrepareForCreate:
 * `x.Status = XStatus{}`; podStrategy.PrepareForCreate resets it to Pending and the QoS class,
 * which admission fills in here), unless keepStatusOnCreate: nodeStrategy.PrepareForCreate
 * keeps it, since a kubelet registers its Node with its capacity and addresses.
 */
export function statusSubresourceStrategy(opts: { keepStatusOnCreate?: boolean } = {}): WriteStrategy {
  return {
    prepareForCreate: opts.keepStatusOnCreate ? () => undefined : (obj) => void delete obj.status,
    prepareForUpdate: (obj, old) => {
      // PrepareForUpdate: `newX.Status = oldX.Status`.
      if (old.status === undefined) delete obj.status;
      else obj.status = old.status;
    },
    prepareForStatusUpdate: statusOnly,
    mainScope: 'main',
  };
}

/** Metadata the server owns: a client's values are dropped on create (rest.BeforeCreate). */
const SERVER_SET_ON_CREATE = ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'generation'] as const;

/**
 * rest.BeforeCreate: the server-owned metadata a client sent is dropped, then the kind's
 * PrepareForCreate runs. The store assigns uid, creationTimestamp and generation.
 */
export function beforeCreate(strategy: WriteStrategy, obj: KubeObject): void {
  for (const k of SERVER_SET_ON_CREATE) delete obj.metadata[k];
  strategy.prepareForCreate(obj);
}

/**
 * rest.BeforeUpdate: generation, uid, creationTimestamp and deletionTimestamp come from the
 * stored object (an update can change none of them; the store enforces the same), then the
 * kind's PrepareForUpdate runs. A metadata object shared with the store (frozen) is copied
 * before it is changed.
 */
export function beforeUpdate(strategy: WriteStrategy, obj: KubeObject, old: KubeObject): void {
  const was = old.metadata;
  let meta = obj.metadata;
  if (meta.uid !== was.uid || meta.creationTimestamp !== was.creationTimestamp || meta.deletionTimestamp !== was.deletionTimestamp || meta.generation !== was.generation) {
    if (Object.isFrozen(meta)) meta = obj.metadata = { ...meta };
    meta.uid = was.uid;
    meta.creationTimestamp = was.creationTimestamp;
    meta.generation = was.generation;
    if (was.deletionTimestamp === undefined) delete meta.deletionTimestamp;
    else meta.deletionTimestamp = was.deletionTimestamp;
  }
  strategy.prepareForUpdate(obj, old);
}

/** The status subresource's update: the kind's status strategy over the stored object. */
export function beforeStatusUpdate(strategy: WriteStrategy, obj: KubeObject, old: KubeObject): KubeObject {
  return strategy.prepareForStatusUpdate(obj, old);
}
