/**
 * The sandbox's front door for the portal's server code (app/, lib/): what the portal may use
 * of the embedded cluster. The portal imports the sandbox only through here (or pure.ts, for
 * browser code); eslint.config.mjs enforces it and lists the few files that still reach
 * inside, with the reason each does.
 */
export * from './pure';

/** Kinds and errors, as the sandbox's API serves them. */
export { GR } from './registry/group-resources';
export { errors, StatusError } from './errors';
export { KUBERNETES_VERSION } from './apiserver/discovery';
export { SCHEDULED_TIMESTAMP_ANNOTATION } from './controllers/cronjob/job-from-template';

/** Serving clusters: the host, its kubeconfigs, the paths kubectl uses without a prefix. */
export { SandboxHost, kubeconfigYaml, clusterServerURL, type KubeconfigTls } from './host';
export { sandboxHttpServer } from './http-server';
export { bearerToken, isKubernetesRootPath } from './root-paths';
export { sendError } from './apiserver/respond';

/** Building a product cluster (Try-it servers, tests). */
export { sandboxParts } from './parts';
export { productComponents } from './components';
export type { Cluster } from './cluster';
export type { Executor } from './apiserver/exec';
export type { SchemasPort } from './apiserver/ports';
export type { ClusterNetwork, Listener } from './network/types';

/**
 * The portal's way to its clusters: a front (in this thread, or worker threads) that routes
 * requests and runs cluster operations where each cluster lives.
 */
export { UnknownClusterOperationError } from './workers/front';
export type { SandboxFront, ClusterOperation, ClusterOperations, ClusterStreams, InProcessClusterApi, StreamSink } from './workers/front';
export { LocalSandboxFront } from './workers/local-front';
export type { SchedulingDiagnosis } from './scheduler/scheduler';
