/**
 * Which field of which object a failing check points at. Field paths are dotted with the
 * learner's own list indexes (`spec.template.spec.containers[1].image`), so the exercise panel
 * can find the line in the learner's YAML (see locate-field.ts).
 */
import type { KubeObject } from '../../k8s/sandbox';
import { containerStatuses, type ContainerStatus } from '../k8s-objects';
import type { Blame, ObjectRef } from '../view';

export function refOf(o: KubeObject): ObjectRef {
  return o.metadata.namespace ? { kind: o.kind, name: o.metadata.name!, namespace: o.metadata.namespace } : { kind: o.kind, name: o.metadata.name! };
}

export function blame(o: KubeObject, field: string): Blame {
  return { object: refOf(o), field };
}

export interface TemplateContainer {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
}

interface PodSpecContainers {
  containers?: TemplateContainer[];
  initContainers?: TemplateContainer[];
}

/** The pod spec of a workload's template (`spec.template.spec`) or of a pod (`spec`). */
export function podSpecOf(o: KubeObject, prefix: string): PodSpecContainers {
  let node: unknown = o;
  for (const key of prefix.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return (node ?? {}) as PodSpecContainers;
}

function containerNamed(o: KubeObject, prefix: string, name: string): TemplateContainer | undefined {
  const pod = podSpecOf(o, prefix);
  return [...(pod.containers ?? []), ...(pod.initContainers ?? [])].find((c) => c.name === name);
}

/** `<prefix>.containers[i]` for the container of that name, as the learner listed it. */
export function containerPath(o: KubeObject, prefix: string, name: string): string | undefined {
  const pod = podSpecOf(o, prefix);
  for (const list of ['containers', 'initContainers'] as const) {
    const i = (pod[list] ?? []).findIndex((c) => c.name === name);
    if (i >= 0) return `${prefix}.${list}[${i}]`;
  }
  return undefined;
}

/**
 * The field that holds what a container runs: its args when it has any (the script of
 * `command: [sh, -c]` + `args: [...]`), else its command, else the container itself.
 */
export function scriptField(o: KubeObject, prefix: string, name: string): string | undefined {
  const path = containerPath(o, prefix, name);
  if (!path) return undefined;
  const c = containerNamed(o, prefix, name)!;
  if (c.args?.length) return `${path}.args`;
  if (c.command?.length) return `${path}.command`;
  return path;
}

/** Waiting reasons that come from the image the YAML names (a typo, a tag that does not exist). */
const IMAGE_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

function initStatuses(pod: KubeObject): ContainerStatus[] {
  return (pod.status as { initContainerStatuses?: ContainerStatus[] } | undefined)?.initContainerStatuses ?? [];
}

/**
 * When one of the pods cannot pull its image: the image field of that container in the owner's
 * YAML (`owner` at `prefix`), with the reason in words. Undefined when no pod has that problem.
 */
export function imageFault(pods: KubeObject[], owner: KubeObject, prefix: string): (Blame & { field: string; reason: string }) | undefined {
  for (const pod of pods) {
    for (const s of [...initStatuses(pod), ...containerStatuses(pod)]) {
      const reason = s.state?.waiting?.reason;
      if (!reason || !IMAGE_REASONS.has(reason)) continue;
      const path = containerPath(owner, prefix, s.name);
      if (!path) continue;
      const image = containerNamed(owner, prefix, s.name)?.image;
      return { object: refOf(owner), field: `${path}.image`, reason: `${pod.metadata.name}'s ${s.name} container cannot pull ${image ?? 'its image'} (${reason})` };
    }
  }
  return undefined;
}

/** Where the pod spec is: a bare Pod's own spec, or a workload's pod template. */
export const POD_SPEC = 'spec';
export const TEMPLATE_SPEC = 'spec.template.spec';
