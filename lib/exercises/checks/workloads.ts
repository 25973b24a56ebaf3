/** Checks about replicated workloads of the challenges: replicas Ready on distinct nodes, a Deployment available. */
import { isPodReady, listWords, named, nodeOf, ownedBy, spec, status } from '../k8s-objects';
import type { Check } from '../view';
import { blame } from './blame';

export interface WorkloadRef {
  namespace: string;
  name: string;
}

/** A StatefulSet has `replicas` Ready pods, each on a different node. */
export function statefulSetSpread(ref: WorkloadRef, replicas: number): Check {
  return async (view) => {
    const set = named(view.list('statefulsets', ref.namespace), ref.name);
    if (!set) return { passed: false, saw: `there is no StatefulSet ${ref.name} in ${ref.namespace} yet` };
    if ((spec<{ replicas?: number }>(set).replicas ?? 1) < replicas) return { passed: false, saw: `${ref.name} asks for ${spec<{ replicas?: number }>(set).replicas ?? 1} replicas, not ${replicas}`, ...blame(set, 'spec.replicas') };
    const pods = view.list('pods', ref.namespace).filter((p) => ownedBy(p, set) && isPodReady(p));
    if (pods.length < replicas) return { passed: false, saw: `${pods.length} of ${replicas} ${ref.name} pods are Ready` };
    const nodes = pods.map((p) => nodeOf(p) ?? '?');
    if (new Set(nodes).size < pods.length) return { passed: false, saw: `${ref.name}'s pods share a node (${listWords(nodes)}): one node failure takes out both`, ...blame(set, 'spec.template.spec.affinity.podAntiAffinity') };
    return { passed: true, saw: `${pods.length} Ready ${ref.name} pods on ${listWords(nodes)}` };
  };
}

/** A Deployment has all its replicas available. */
export function deploymentAvailable(ref: WorkloadRef): Check {
  return async (view) => {
    const d = named(view.list('deployments', ref.namespace), ref.name);
    if (!d) return { passed: false, saw: `there is no Deployment ${ref.name} in ${ref.namespace} yet` };
    const want = spec<{ replicas?: number }>(d).replicas ?? 1;
    const available = status<{ availableReplicas?: number }>(d).availableReplicas ?? 0;
    if (available < want) return { passed: false, saw: `${available} of ${want} ${ref.name} replicas are available` };
    return { passed: true, saw: `${ref.name}: ${available} of ${want} replicas available` };
  };
}
