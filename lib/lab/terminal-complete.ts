/**
 * The server's half of Tab completion: the pure rules of lib/terminal/completion.ts, plus the
 * verbs the terminal allows (verb-table.ts) and the names in the learner's own cluster, read
 * through the learner's session like every other bench call. Bounded: the line is at most
 * MAX_LINE characters, one list call per Tab, at most MAX_CANDIDATES names back.
 */
import * as k8s from '@kubernetes/client-node';
import { completionTarget, KIND_CANDIDATES, SHELL_COMMANDS } from '../terminal/completion';
import { VERBS } from './kubectl/verb-table';
import { LabError } from './errors';

export const MAX_LINE = 4096;
export const MAX_CANDIDATES = 200;

/** Verbs offered after `kubectl`: the allowed ones (refused verbs would only meet a refusal). */
export const ALLOWED_VERBS = Object.keys(VERBS).filter((v) => !VERBS[v].refused).sort();

export type ListNames = (resource: string, namespace: string | undefined) => Promise<string[]>;

export interface Completion {
  start: number;
  candidates: string[];
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export class CompletionRequestError extends LabError {
  constructor(what: string) {
    super(400, `completion: ${what}`, 'BadRequest');
  }
}

export async function completeLine(line: string, cursor: number, listNames: ListNames): Promise<Completion> {
  if (line.length > MAX_LINE) throw new CompletionRequestError(`the line is longer than ${MAX_LINE} characters`);
  if (!Number.isInteger(cursor) || cursor < 0 || cursor > line.length) throw new CompletionRequestError(`cursor ${cursor} is outside the line (0..${line.length})`);
  const t = completionTarget(line, cursor);
  const only = (list: string[]) => ({ start: t.start, candidates: list.filter((c) => c.startsWith(t.word)).slice(0, MAX_CANDIDATES) });
  switch (t.kind) {
    case 'command':
      return only(SHELL_COMMANDS);
    case 'verb':
      return only(ALLOWED_VERBS);
    case 'resource':
      return only(KIND_CANDIDATES);
    case 'name': {
      // A namespace typed on the line is used only if it could be one; otherwise the session's own.
      const ns = t.namespace && NAME.test(t.namespace) && t.namespace.length <= 63 ? t.namespace : undefined;
      const names = await listNames(t.resource, ns);
      return only(names.sort());
    }
    default:
      return { start: t.start, candidates: [] };
  }
}

const GROUPS: Record<string, { apiVersion: string; kind: string }> = {
  pods: { apiVersion: 'v1', kind: 'Pod' },
  services: { apiVersion: 'v1', kind: 'Service' },
  configmaps: { apiVersion: 'v1', kind: 'ConfigMap' },
  secrets: { apiVersion: 'v1', kind: 'Secret' },
  persistentvolumeclaims: { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  events: { apiVersion: 'v1', kind: 'Event' },
  serviceaccounts: { apiVersion: 'v1', kind: 'ServiceAccount' },
  nodes: { apiVersion: 'v1', kind: 'Node' },
  namespaces: { apiVersion: 'v1', kind: 'Namespace' },
  persistentvolumes: { apiVersion: 'v1', kind: 'PersistentVolume' },
  deployments: { apiVersion: 'apps/v1', kind: 'Deployment' },
  replicasets: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  statefulsets: { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  daemonsets: { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  jobs: { apiVersion: 'batch/v1', kind: 'Job' },
  cronjobs: { apiVersion: 'batch/v1', kind: 'CronJob' },
};

const CLUSTER_SCOPED = new Set(['nodes', 'namespaces', 'persistentvolumes']);

/** Lists names through the learner's kubeconfig (their own cluster only), at most MAX_CANDIDATES. */
export function namesFromCluster(kc: k8s.KubeConfig, defaultNamespace: string): ListNames {
  return async (resource, namespace) => {
    const g = GROUPS[resource];
    if (!g) return [];
    const api = k8s.KubernetesObjectApi.makeApiClient(kc);
    const ns = CLUSTER_SCOPED.has(resource) ? undefined : (namespace ?? defaultNamespace);
    const list = await api.list(g.apiVersion, g.kind, ns, undefined, undefined, undefined, undefined, undefined, MAX_CANDIDATES);
    return list.items.map((o) => o.metadata?.name ?? '').filter(Boolean);
  };
}
