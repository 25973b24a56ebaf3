/** Small typed readers for the fields the checks look at (objects are plain JSON). */
import type { KubeObject } from '../k8s/sandbox';

export interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
}

export interface ContainerState {
  running?: { startedAt?: string };
  terminated?: { startedAt?: string; finishedAt?: string; exitCode?: number; reason?: string };
  waiting?: { reason?: string };
}

export interface ContainerStatus {
  name: string;
  image: string;
  ready: boolean;
  state?: ContainerState;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export const spec = <T>(o: KubeObject): T => (o.spec ?? {}) as T;
export const status = <T>(o: KubeObject): T => (o.status ?? {}) as T;

export function conditions(o: KubeObject): Condition[] {
  return status<{ conditions?: Condition[] }>(o).conditions ?? [];
}

export function condition(o: KubeObject, type: string): Condition | undefined {
  return conditions(o).find((c) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return !pod.metadata.deletionTimestamp && condition(pod, 'Ready')?.status === 'True';
}

export function podPhase(pod: KubeObject): string {
  return status<{ phase?: string }>(pod).phase ?? 'Pending';
}

export function containerStatuses(pod: KubeObject): ContainerStatus[] {
  return status<{ containerStatuses?: ContainerStatus[] }>(pod).containerStatuses ?? [];
}

export function nodeOf(pod: KubeObject): string | undefined {
  return spec<{ nodeName?: string }>(pod).nodeName;
}

export function ownedBy(o: KubeObject, owner: KubeObject): boolean {
  return (o.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
}

export function time(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export const named = (items: KubeObject[], name: string): KubeObject | undefined => items.find((o) => o.metadata.name === name);

/** Job finished condition: Complete or Failed with status True. */
export function jobFinished(job: KubeObject): 'Complete' | 'Failed' | undefined {
  if (condition(job, 'Complete')?.status === 'True') return 'Complete';
  if (condition(job, 'Failed')?.status === 'True') return 'Failed';
  return undefined;
}

/** "a, b and c" */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
