/**
 * A KubeConfig for one learner's cluster, built in code: the portal talks to every cluster
 * (sandbox or real) only through @kubernetes/client-node and a KubeConfig (ARCHITECTURE §1).
 */
import * as k8s from '@kubernetes/client-node';

export interface ClusterAccess {
  /** API server URL; a sandbox URL carries its path prefix and token segment. */
  server: string;
  token: string;
  namespace?: string;
  /** Real clusters with a CA; the sandbox is plain http on the portal's own port. */
  caData?: string;
}

/** A client-node KubeConfig object (the portal's own client); a kubeconfig file's text is kubeconfigYaml (host.ts). */
export function clientKubeConfig(access: ClusterAccess, name = 'kubelab', transport?: { dispatcher: object }): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  // client-node's own dispatcher for a server with skipTLSVerify is a new undici Agent (a new
  // connection) per request; the portal's own sandbox is reached in process instead
  // (in-process.ts), still through the Kubernetes API. createDispatcher is private in its types.
  if (transport) (kc as unknown as { createDispatcher: () => object }).createDispatcher = () => transport.dispatcher;
  kc.loadFromOptions({
    clusters: [{ name, server: access.server, caData: access.caData, skipTLSVerify: !access.caData }],
    users: [{ name, token: access.token }],
    contexts: [{ name, cluster: name, user: name, namespace: access.namespace ?? 'default' }],
    currentContext: name,
  });
  return kc;
}
