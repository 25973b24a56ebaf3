/** Checks about a StatefulSet: ordered creation, a claim per pod, data that outlives a pod, per-pod DNS. */
import type { KubeObject } from '../../k8s/sandbox';
import { condition, isPodReady, listWords, named, podPhase, spec, status, time } from '../k8s-objects';
import { ViewExecError, type Check } from '../view';
import { blame, imageFault, TEMPLATE_SPEC } from './blame';

export interface SetRef {
  namespace: string;
  name: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function ordinalPods(pods: KubeObject[], set: string): KubeObject[] {
  const re = new RegExp(`^${set}-(\\d+)$`);
  return pods.filter((p) => re.test(p.metadata.name!) && !p.metadata.deletionTimestamp).sort((a, b) => Number(re.exec(a.metadata.name!)![1]) - Number(re.exec(b.metadata.name!)![1]));
}

/** The image field when a pod of the set cannot pull its image (OrderedReady then waits forever). */
function stuckImage(pods: KubeObject[], set: KubeObject) {
  const image = imageFault(pods, set, TEMPLATE_SPEC);
  return image ? blame(set, image.field) : {};
}

/**
 * Pods 0..count-1 exist and each was created only after the previous one was Ready (the
 * OrderedReady policy). A pod re-created later (deleted by the learner) is newer than its
 * successor; that pair says nothing about the original order and is skipped.
 */
export function createdInOrder(ref: SetRef, count: number): Check {
  return async (view) => {
    const set = named(view.list('statefulsets', ref.namespace), ref.name);
    if (!set) return { passed: false, saw: `there is no StatefulSet ${ref.name} yet` };
    const pods = ordinalPods(view.list('pods', ref.namespace), ref.name);
    const order = [...pods].sort((a, b) => (time(a.metadata.creationTimestamp) ?? 0) - (time(b.metadata.creationTimestamp) ?? 0) || a.metadata.name!.localeCompare(b.metadata.name!));
    const observed = order.map((p) => p.metadata.name!).join(' → ');
    const replicas = spec<{ replicas?: number }>(set).replicas ?? 1;
    if (pods.length < count || replicas < count) {
      return { passed: false, saw: `${pods.length} of ${count} pods exist (${listWords(pods.map((p) => p.metadata.name!)) || 'none'}); spec.replicas is ${replicas}`, ...(replicas < count ? blame(set, 'spec.replicas') : stuckImage(pods, set)), observed };
    }
    for (let i = 1; i < count; i++) {
      const prev = pods[i - 1];
      const cur = pods[i];
      const prevCreated = time(prev.metadata.creationTimestamp) ?? 0;
      const created = time(cur.metadata.creationTimestamp) ?? 0;
      if (prevCreated > created) continue;
      const ready = condition(prev, 'Ready');
      const readyAt = ready?.status === 'True' ? time(ready.lastTransitionTime) : undefined;
      if (readyAt === undefined || created < readyAt) {
        const policy = spec<{ podManagementPolicy?: string }>(set).podManagementPolicy ?? 'OrderedReady';
        return {
          passed: false,
          saw: `${cur.metadata.name} was created at ${iso(created)}, ${readyAt === undefined ? `while ${prev.metadata.name} is not Ready` : `before ${prev.metadata.name} was Ready (${iso(readyAt)})`}; podManagementPolicy is ${policy}`,
          ...(policy === 'Parallel' ? blame(set, 'spec.podManagementPolicy') : {}),
          observed,
        };
      }
    }
    const notReady = pods.slice(0, count).filter((p) => !isPodReady(p));
    if (notReady.length) return { passed: false, saw: `${listWords(notReady.map((p) => p.metadata.name!))} ${notReady.length === 1 ? 'is' : 'are'} not Ready yet`, ...stuckImage(notReady, set), observed };
    return { passed: true, saw: `${pods.slice(0, count).map((p) => p.metadata.name).join(', ')} were created one after the other, each once the previous was Ready`, observed };
  };
}

const claimTemplates = (set: KubeObject) => (spec<{ volumeClaimTemplates?: { metadata?: { name?: string } }[] }>(set).volumeClaimTemplates ?? []).map((t) => t.metadata?.name);

/** Every pod 0..count-1 has its own Bound claim <template>-<pod>. */
export function claimPerPod(ref: SetRef, template: string, count: number): Check {
  return async (view) => {
    const set = named(view.list('statefulsets', ref.namespace), ref.name);
    const claims = view.list('pvcs', ref.namespace);
    const missing: string[] = [];
    const unbound: string[] = [];
    for (let i = 0; i < count; i++) {
      const claim = named(claims, `${template}-${ref.name}-${i}`);
      if (!claim) missing.push(`${template}-${ref.name}-${i}`);
      else if (status<{ phase?: string }>(claim).phase !== 'Bound') unbound.push(claim.metadata.name!);
    }
    if (missing.length) {
      // Without a claim template of that name the claims never come; with one, they come with the pods.
      const templated = set && claimTemplates(set).includes(template);
      return { passed: false, saw: `no claim ${listWords(missing)} yet${set && !templated ? `: ${ref.name} has no volumeClaimTemplates entry named ${template}` : ''}`, ...(set && !templated ? blame(set, 'spec.volumeClaimTemplates') : {}) };
    }
    if (unbound.length) return { passed: false, saw: `${listWords(unbound)} ${unbound.length === 1 ? 'is' : 'are'} not Bound yet` };
    return { passed: true, saw: `${count} claims, one per pod, all Bound: ${template}-${ref.name}-0 … ${template}-${ref.name}-${count - 1}` };
  };
}

/**
 * The text written into a pod's volume is still there after the pod was deleted: the file holds
 * it, and events name an earlier pod of that name with another uid (the pod was re-created).
 */
export function dataSurvivesDeletion(ref: SetRef & { pod: string; container: string; file: string; text: string }): Check {
  return async (view) => {
    const pod = named(view.list('pods', ref.namespace), ref.pod);
    if (!pod || !isPodReady(pod)) return { passed: false, saw: pod ? `${ref.pod} is not Ready (${podPhase(pod)})` : `there is no pod ${ref.pod} right now` };
    let content: string;
    try {
      const r = await view.exec(ref.namespace, ref.pod, ref.container, ['cat', ref.file]);
      content = r.code === 0 ? r.out : '';
    } catch (err) {
      if (err instanceof ViewExecError) return { passed: false, saw: err.message };
      throw err;
    }
    if (!content.includes(ref.text)) {
      const saw = content ? `${ref.file} in ${ref.pod} holds "${content.trim().slice(0, 80)}", not "${ref.text}"` : `${ref.file} in ${ref.pod} does not exist yet: write it with sh -c so the redirect runs in the pod`;
      // Without claim templates the volume is the pod's own, and a re-created pod starts empty.
      const set = named(view.list('statefulsets', ref.namespace), ref.name);
      if (set && claimTemplates(set).length === 0) return { passed: false, saw: `${saw}; ${ref.name} has no volumeClaimTemplates, so a re-created pod starts with an empty volume`, ...blame(set, 'spec.volumeClaimTemplates') };
      return { passed: false, saw };
    }
    const earlier = view
      .list('events', ref.namespace)
      .some((e) => {
        const o = e.involvedObject as { kind?: string; name?: string; uid?: string };
        return o.kind === 'Pod' && o.name === ref.pod && o.uid !== pod.metadata.uid;
      });
    if (!earlier) return { passed: false, saw: `${ref.file} holds "${ref.text}", and ${ref.pod} has not been deleted since: delete it and check again` };
    return { passed: true, saw: `${ref.pod} was re-created (new uid ${pod.metadata.uid?.slice(0, 8)}…) and ${ref.file} still holds "${ref.text}"` };
  };
}

/** A pod's DNS name under the headless Service resolves to that pod's IP, looked up from another pod. */
export function podDnsResolves(ref: SetRef & { pod: string; service: string; from: string[] }): Check {
  return async (view) => {
    const set = named(view.list('statefulsets', ref.namespace), ref.name);
    const svc = named(view.list('services', ref.namespace), ref.service);
    if (!svc) return { passed: false, saw: `there is no Service ${ref.service}`, ...(set ? blame(set, 'spec.serviceName') : {}) };
    if (spec<{ clusterIP?: string }>(svc).clusterIP !== 'None') return { passed: false, saw: `${ref.service} is not headless, so pods get no DNS names of their own`, ...blame(svc, 'spec.clusterIP') };
    const serviceName = set && spec<{ serviceName?: string }>(set).serviceName;
    if (set && serviceName !== ref.service) return { passed: false, saw: `${ref.name}'s serviceName is ${serviceName ?? 'not set'}, not ${ref.service}, so its pods get no names under ${ref.service}`, ...blame(set, 'spec.serviceName') };
    const pods = view.list('pods', ref.namespace);
    const target = named(pods, ref.pod);
    const ip = target && status<{ podIP?: string }>(target).podIP;
    if (!target || !ip || !isPodReady(target)) return { passed: false, saw: `${ref.pod} is not Ready, so its name has no address yet` };
    const from = ref.from.map((n) => named(pods, n)).find((p) => p && podPhase(p) === 'Running' && !p.metadata.deletionTimestamp);
    if (!from) return { passed: false, saw: `no pod to look the name up from: start ${ref.from[0]}` };
    const host = `${ref.pod}.${ref.service}.${ref.namespace}.svc.cluster.local`;
    const container = spec<{ containers: { name: string }[] }>(from).containers[0].name;
    try {
      const r = await view.exec(ref.namespace, from.metadata.name!, container, ['nslookup', host]);
      if (r.out.includes(`Address: ${ip}`)) return { passed: true, saw: `from ${from.metadata.name}, ${host} resolves to ${ip}, ${ref.pod}'s own IP` };
      return { passed: false, saw: `from ${from.metadata.name}, nslookup ${host} answered: ${r.out.trim().split('\n').slice(-2).join(' ') || `exit code ${r.code}`}` };
    } catch (err) {
      if (err instanceof ViewExecError) return { passed: false, saw: err.message };
      throw err;
    }
  };
}
