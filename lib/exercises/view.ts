/**
 * What a check sees of a learner's cluster: lists of objects (plain JSON, as on the wire), the
 * containers' logs, and a way to run a command in a container. Checks take this view rather
 * than a cluster, so the same check runs against a test's simulated cluster and a learner's.
 */
import type { KubeObject } from '../k8s/sandbox';

export type ViewResource = 'pods' | 'nodes' | 'jobs' | 'cronjobs' | 'daemonsets' | 'statefulsets' | 'deployments' | 'events' | 'pvcs' | 'services';

export interface ExecResult {
  out: string;
  code: number;
}

export interface ClusterView {
  /** The cluster's clock (virtual time in the sandbox), epoch ms. */
  now(): number;
  /** Objects of a resource in a namespace (nodes ignore it); undefined namespace lists all. */
  list(resource: ViewResource, namespace?: string): KubeObject[];
  /** The current run's log lines of a container. */
  logs(namespace: string, pod: string, container: string): string[];
  exec(namespace: string, pod: string, container: string, command: string[]): Promise<ExecResult>;
}

/** An object of the learner's cluster, as the learner's YAML names it. */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * Where a failure most likely comes from: a field of one object of the learner's YAML, e.g.
 * `spec.template.spec.tolerations` of DaemonSet log-collector. A field always comes with its
 * object (the type says so), so the panel can find the line in the learner's manifest.
 */
export type Blame = { field?: undefined; object?: undefined } | { field: string; object: ObjectRef };

/** What a check found: passed or not, what it saw in plain words, and (when failing) the field to look at. */
export type CheckResult = Blame & {
  passed: boolean;
  saw: string;
  /** For "predict, then observe" steps: the answer the cluster gave, compared with the learner's prediction. */
  observed?: string;
};

export type Check = (view: ClusterView) => Promise<CheckResult>;

export class ViewExecError extends Error {
  constructor(pod: string, reason: string) {
    super(`could not run a command in ${pod}: ${reason}`);
    this.name = 'ViewExecError';
  }
}
