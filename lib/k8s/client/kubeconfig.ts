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

export function kubeConfigFor(access: ClusterAccess, name = 'kubelab'): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name, server: access.server, caData: access.caData, skipTLSVerify: !access.caData }],
    users: [{ name, token: access.token }],
    contexts: [{ name, cluster: name, user: name, namespace: access.namespace ?? 'default' }],
    currentContext: name,
  });
  return kc;
}
