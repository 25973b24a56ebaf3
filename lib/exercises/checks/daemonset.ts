/** Checks about DaemonSets: one Ready pod per eligible node, the image after an update, a node subset. */
import type { KubeObject } from '../../k8s/sandbox';
import { containerStatuses, isPodReady, listWords, named, nodeOf, ownedBy, podPhase, spec } from '../k8s-objects';
import type { Check, CheckResult, ClusterView } from '../view';
import { blame, containerPath, imageFault, TEMPLATE_SPEC } from './blame';
import { daemonNodeFit } from './node-fit';

export interface DaemonRef {
  namespace: string;
  name: string;
}

interface Found {
  ds: KubeObject;
  pods: KubeObject[];
  nodes: KubeObject[];
}

function find(view: ClusterView, ref: DaemonRef): Found | CheckResult {
  const ds = named(view.list('daemonsets', ref.namespace), ref.name);
  if (!ds) return { passed: false, saw: `there is no DaemonSet ${ref.name} in the ${ref.namespace} namespace yet` };
  const pods = view.list('pods', ref.namespace).filter((p) => ownedBy(p, ds) && !p.metadata.deletionTimestamp);
  return { ds, pods, nodes: view.list('nodes') };
}

const templateSpec = (ds: KubeObject) => spec<{ template: { spec: Parameters<typeof daemonNodeFit>[1] } }>(ds).template.spec;

function podState(pod: KubeObject): string {
  const waiting = containerStatuses(pod).find((c) => c.state?.waiting)?.state?.waiting?.reason;
  return waiting ?? podPhase(pod);
}

/**
 * One Ready pod of the DaemonSet on every node it should run on. With `allNodes`, every node
 * must be eligible, so a missing toleration for the control plane fails with the field to fix.
 */
export function daemonOnEveryEligibleNode(ref: DaemonRef, opts: { allNodes?: boolean } = {}): Check {
  return async (view) => {
    const found = find(view, ref);
    if (!('ds' in found)) return found;
    const { ds, pods, nodes } = found;
    const tmpl = templateSpec(ds);
    const problems: string[] = [];
    let field: string | undefined;
    const withPod: string[] = [];
    const eligible: string[] = [];
    for (const node of nodes) {
      const name = node.metadata.name!;
      const fit = daemonNodeFit(node, tmpl);
      const mine = pods.filter((p) => nodeOf(p) === name);
      if (!fit.fits) {
        if (opts.allNodes) {
          problems.push(`${name} has none: ${fit.reason}`);
          field ??= fit.field;
        }
        continue;
      }
      eligible.push(name);
      if (mine.length === 0) problems.push(`${name} has none`);
      else if (mine.length > 1) problems.push(`${name} has ${mine.length}`);
      else if (!isPodReady(mine[0])) problems.push(`${name}'s pod ${mine[0].metadata.name} is not Ready yet (${podState(mine[0])})`);
      else withPod.push(name);
    }
    const expected = opts.allNodes ? nodes.length : eligible.length;
    const observed = listWords(withPod);
    if (problems.length === 0 && expected > 0) return { passed: true, saw: `one Ready ${ref.name} pod on each of the ${expected} nodes: ${observed}`, observed };
    if (expected === 0) return { passed: false, saw: `no node is eligible for ${ref.name}`, ...blame(ds, field ?? TEMPLATE_SPEC), observed };
    // A node the template does not fit comes first; otherwise pods that cannot pull their image.
    const image = field ? undefined : imageFault(pods, ds, TEMPLATE_SPEC);
    return { passed: false, saw: `${withPod.length} of ${expected} nodes have a Ready ${ref.name} pod; ${problems.join('; ')}`, ...(field ? blame(ds, field) : image ? blame(ds, image.field) : {}), observed };
  };
}

/** After an image update: every pod of the DaemonSet runs the new image and is Ready. */
export function daemonRunsImage(ref: DaemonRef, container: string, image: string): Check {
  return async (view) => {
    const found = find(view, ref);
    if (!('ds' in found)) return found;
    const { ds, pods } = found;
    const declared = spec<{ template: { spec: { containers: { name: string; image: string }[] } } }>(ds).template.spec.containers.find((c) => c.name === container)?.image;
    if (declared !== image) {
      const path = containerPath(ds, TEMPLATE_SPEC, container);
      return {
        passed: false,
        saw: path ? `the DaemonSet's ${container} container still asks for ${declared ?? 'no image'}, not ${image}` : `the DaemonSet has no container named ${container}`,
        ...blame(ds, path ? `${path}.image` : `${TEMPLATE_SPEC}.containers`),
      };
    }
    const old = pods.filter((p) => spec<{ containers: { name: string; image: string }[] }>(p).containers.find((c) => c.name === container)?.image !== image);
    const notReady = pods.filter((p) => !old.includes(p) && !isPodReady(p));
    if (pods.length === 0) return { passed: false, saw: `${ref.name} has no pods` };
    if (old.length || notReady.length) {
      const parts = [];
      if (old.length) parts.push(`${old.length} of ${pods.length} pods still run the old image (on ${listWords(old.map((p) => nodeOf(p) ?? 'no node'))})`);
      if (notReady.length) parts.push(`${notReady.length} new pod${notReady.length === 1 ? ' is' : 's are'} not Ready yet`);
      return { passed: false, saw: `the rollout is not finished: ${parts.join('; ')}` };
    }
    const running = pods.every((p) => containerStatuses(p).find((c) => c.name === container)?.image.endsWith(image.split('/').pop()!));
    return running
      ? { passed: true, saw: `all ${pods.length} ${ref.name} pods run ${image} and are Ready` }
      : { passed: false, saw: `the pods ask for ${image} but their containers report another image` };
  };
}

/** The DaemonSet's pods run on the labelled nodes and only there (at least one node labelled). */
export function daemonOnlyOnLabelled(ref: DaemonRef, label: string, value: string): Check {
  return async (view) => {
    const found = find(view, ref);
    if (!('ds' in found)) return found;
    const { ds, pods, nodes } = found;
    const selector = spec<{ template: { spec: { nodeSelector?: Record<string, string> } } }>(ds).template.spec.nodeSelector ?? {};
    if (selector[label] !== value) return { passed: false, saw: `the template has no nodeSelector ${label}: ${value}`, ...blame(ds, `${TEMPLATE_SPEC}.nodeSelector`) };
    const labelled = nodes.filter((n) => n.metadata.labels?.[label] === value).map((n) => n.metadata.name!);
    if (labelled.length === 0) return { passed: false, saw: `no node is labelled ${label}=${value} yet, so ${ref.name} has nothing to run on (kubectl label node worker-1 ${label}=${value})` };
    const stray = pods.filter((p) => !labelled.includes(nodeOf(p) ?? ''));
    const missing = labelled.filter((n) => !pods.some((p) => nodeOf(p) === n && isPodReady(p)));
    if (stray.length) return { passed: false, saw: `${ref.name} pods run on ${listWords(stray.map((p) => nodeOf(p) ?? 'no node'))}, which ${stray.length === 1 ? 'is' : 'are'} not labelled ${label}=${value}` };
    if (missing.length) return { passed: false, saw: `${listWords(missing)} ${missing.length === 1 ? 'is' : 'are'} labelled but ${missing.length === 1 ? 'has' : 'have'} no Ready ${ref.name} pod yet` };
    return { passed: true, saw: `${ref.name} runs only on ${listWords(labelled)}, the node${labelled.length === 1 ? '' : 's'} labelled ${label}=${value}` };
  };
}

/**
 * At least one node is cordoned (spec.unschedulable) and every cordoned node still has a
 * Ready pod of the DaemonSet. Nothing cordoned yet is a fail, so the step cannot tick before
 * the learner has cordoned a node; a passed step stays passed after they uncordon it.
 */
export function daemonKeepsPodsOnCordonedNodes(ref: DaemonRef): Check {
  return async (view) => {
    const found = find(view, ref);
    if (!('ds' in found)) return found;
    const { pods, nodes } = found;
    const cordoned = nodes.filter((n) => spec<{ unschedulable?: boolean }>(n).unschedulable === true).map((n) => n.metadata.name!);
    if (cordoned.length === 0) return { passed: false, saw: `no node is cordoned yet (kubectl cordon worker-3), so there is nothing to see` };
    const without = cordoned.filter((n) => !pods.some((p) => nodeOf(p) === n && isPodReady(p)));
    if (without.length) return { passed: false, saw: `${listWords(without)} ${without.length === 1 ? 'is' : 'are'} cordoned and ${without.length === 1 ? 'has' : 'have'} no Ready ${ref.name} pod` };
    return { passed: true, saw: `${listWords(cordoned)} ${cordoned.length === 1 ? 'is' : 'are'} cordoned and still ${cordoned.length === 1 ? 'runs its' : 'run their'} Ready ${ref.name} pod${cordoned.length === 1 ? '' : 's'}`, observed: listWords(cordoned) };
  };
}
