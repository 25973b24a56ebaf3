/**
 * The view of a sandbox cluster that checks read: objects through the cluster's own client
 * (no HTTP round trip per list), logs from its log store, commands through the same executor
 * `kubectl exec` reaches. The lab's learner clusters are sandbox clusters, so the portal uses
 * this view for them as well as tests do for their simulated clusters.
 */
import { GR, type Cluster, type Executor, type GroupResource } from '../k8s/sandbox';
import { ViewExecError, type ClusterView, type ExecResult, type ViewResource } from './view';

const RESOURCES: Record<ViewResource, GroupResource> = {
  pods: GR.pods,
  nodes: GR.nodes,
  jobs: GR.jobs,
  cronjobs: GR.cronjobs,
  daemonsets: GR.daemonsets,
  statefulsets: GR.statefulsets,
  deployments: GR.deployments,
  events: GR.events,
  pvcs: GR.pvcs,
  services: GR.services,
};

/** A command a check runs should answer at once; a wedged one must not hold the request. */
const EXEC_TIMEOUT_MS = 8000;

export interface SandboxViewOptions {
  /**
   * Moves a simulated cluster's clock while a command runs (tests on a ManualClock); a live
   * cluster's clock moves by itself.
   */
  drive?: () => Promise<void>;
}

export function sandboxView(cluster: Cluster, opts: SandboxViewOptions = {}): ClusterView {
  const client = cluster.context.client;
  // kubectl exec reaches the executor over the websocket; checks call the same object directly.
  const executor = (): Executor | undefined => cluster.api.executor;
  return {
    now: () => cluster.clock.now(),
    list: (resource, namespace) => client.list(RESOURCES[resource], resource === 'nodes' || namespace === undefined ? {} : { namespace }),
    logs: (namespace, pod, container) => cluster.logs.read({ namespace, pod, container }).map((l) => l.text),
    exec: (namespace, pod, container, command) => {
      const run = executor();
      const object = client.get(GR.pods, namespace, pod);
      if (!run) return Promise.reject(new ViewExecError(pod, 'the cluster has no container runtime'));
      if (!object) return Promise.reject(new ViewExecError(pod, 'no such pod'));
      return new Promise<ExecResult>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => {
          session.kill();
          reject(new ViewExecError(pod, `no answer within ${EXEC_TIMEOUT_MS / 1000} s`));
        }, EXEC_TIMEOUT_MS);
        const session = run(
          { namespace, pod: object, container, command, stdin: false, tty: false },
          {
            stdout: (d) => (out += d.toString()),
            stderr: (d) => (out += d.toString()),
            exit: (code) => {
              clearTimeout(timer);
              resolve({ out, code });
            },
          },
        );
        if (opts.drive) void opts.drive();
      });
    },
  };
}
