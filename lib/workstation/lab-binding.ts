/**
 * Binds a workstation to the learner's session for one request: their cluster's virtual
 * network, their kubectl (kubectl-run.ts), the targets of a port-forward read from their own
 * cluster, and the editor's text.
 */
import * as k8s from '@kubernetes/client-node';
import type { PortalContext } from '../portal/context';
import type { LabSession } from '../lab/session';
import type { ClusterNetwork, SandboxFront } from '../k8s/sandbox';
import type { ClusterHandler } from '../lab/kubectl/gateway';
import type { ForwardResolver } from './commands';
import { kubectlRunFor } from './kubectl-run';
import type { WorkstationBinding } from './workstation';

const POD_KINDS = new Set(['pod', 'pods', 'po']);
const SERVICE_KINDS = new Set(['svc', 'service', 'services']);
const WORKLOADS: Record<string, { plural: string; group: 'apps' }> = {
  deploy: { plural: 'deployments', group: 'apps' }, deployment: { plural: 'deployments', group: 'apps' }, deployments: { plural: 'deployments', group: 'apps' },
  rs: { plural: 'replicasets', group: 'apps' }, replicaset: { plural: 'replicasets', group: 'apps' }, replicasets: { plural: 'replicasets', group: 'apps' },
  sts: { plural: 'statefulsets', group: 'apps' }, statefulset: { plural: 'statefulsets', group: 'apps' }, statefulsets: { plural: 'statefulsets', group: 'apps' },
};

function statusCode(e: unknown): number | undefined {
  return (e as { code?: number }).code;
}

export function forwardResolver(kc: k8s.KubeConfig, defaultNamespace: string): ForwardResolver {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const podTarget = (pod: k8s.V1Pod, port: number) => {
    if (pod.status?.phase !== 'Running' || !pod.status.podIP) return { error: `unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Unknown'}` };
    return { ip: pod.status.podIP, port };
  };
  return async ({ kind, name, namespace }, port) => {
    const ns = namespace ?? defaultNamespace;
    const k = kind.toLowerCase();
    try {
      if (POD_KINDS.has(k)) return podTarget(await core.readNamespacedPod({ name, namespace: ns }), port);
      if (SERVICE_KINDS.has(k)) {
        const svc = await core.readNamespacedService({ name, namespace: ns });
        const ip = svc.spec?.clusterIP;
        if (!ip || ip === 'None') return { error: `service ${name} has no cluster IP (headless); forward to one of its pods instead: kubectl port-forward pod/NAME ${port}` };
        if (!svc.spec?.ports?.some((p) => p.port === port)) return { error: `Service ${ns}/${name} does not have a service port ${port}` };
        return { ip, port };
      }
      const w = WORKLOADS[k];
      if (!w) return { error: `port-forward to ${kind} is not supported here; use pod/NAME, svc/NAME or deploy/NAME` };
      const obj = w.plural === 'deployments' ? await apps.readNamespacedDeployment({ name, namespace: ns }) : w.plural === 'replicasets' ? await apps.readNamespacedReplicaSet({ name, namespace: ns }) : await apps.readNamespacedStatefulSet({ name, namespace: ns });
      const labels = obj.spec?.selector?.matchLabels ?? {};
      const selector = Object.entries(labels).map(([a, b]) => `${a}=${b}`).join(',');
      if (!selector) return { error: `${kind}/${name} has no matchLabels selector to find a pod with` };
      const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: selector });
      const running = pods.items.find((p) => p.status?.phase === 'Running' && p.status.podIP);
      if (!running) return { error: `no running pod of ${kind}/${name} to forward to` };
      return podTarget(running, port);
    } catch (e) {
      if (statusCode(e) === 404) return { error: `${kind === 'svc' ? 'services' : k}${k.endsWith('s') ? '' : 's'} "${name}" not found` };
      throw e;
    }
  };
}

/** The cluster runtime's network, wherever the cluster runs (a sandbox worker answers its lookups). */
export function clusterNetwork(ctx: PortalContext, session: LabSession): ClusterNetwork | undefined {
  return ctx.host.network(session.clusterId);
}

/**
 * The sandbox front as a kubectl run's gateway uses it. Its hold is asynchronous (the cluster
 * may wake on a worker thread); the run's release may come before the hold is confirmed, and
 * then releases it as soon as it is.
 */
function gatewayHandler(front: SandboxFront): ClusterHandler & { hold(id: string): () => void } {
  return {
    handleRequest: (req, res) => front.handleRequest(req, res),
    handleUpgrade: (req, socket, head) => front.handleUpgrade(req, socket, head),
    hold: (id) => {
      let released = false;
      let release: (() => void) | undefined;
      front.hold(id).then(
        (r) => (released ? r() : (release = r)),
        () => undefined,
      );
      return () => {
        released = true;
        release?.();
      };
    },
  };
}

export function labBinding(ctx: PortalContext, session: LabSession, editor: string | undefined): WorkstationBinding {
  return {
    net: clusterNetwork(ctx, session),
    kubectl: kubectlRunFor({ learnerId: session.learner.id, slots: ctx.runSlots, cluster: { id: session.clusterId, token: session.token, handler: gatewayHandler(ctx.host) }, runner: ctx.kubectl }),
    resolveForward: forwardResolver(session.kc, session.namespace),
    editor,
  };
}
