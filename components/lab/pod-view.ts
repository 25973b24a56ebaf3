/** What the bench shows about a pod: kubectl's STATUS, READY and RESTARTS, and a color. */
import { printPod, type KubeObject } from '@/lib/k8s/sandbox/pure';
import type { ObjectLike } from '@/lib/k8s/watch/reducer';

export interface PodView {
  name: string;
  uid?: string;
  ready: string;
  status: string;
  restarts: string;
  node?: string;
  owner?: string;
  tone: 'ok' | 'warn' | 'danger' | 'idle' | 'accent';
  pendingMessage?: string;
  /** TCP ports its containers declare: what "open in a new tab" offers (lib/lab/forward.ts). */
  ports: number[];
}

export function podView(pod: ObjectLike, now: number): PodView {
  const row = printPod(pod as unknown as KubeObject, { now });
  const [name, ready, status, restarts] = row.cells.map(String);
  const spec = (pod.spec ?? {}) as { nodeName?: string; containers?: { ports?: { containerPort?: number; protocol?: string }[] }[] };
  const ports = [...new Set((spec.containers ?? []).flatMap((c) => c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP' && typeof p.containerPort === 'number').map((p) => p.containerPort!))];
  const owner = (pod.metadata as { ownerReferences?: { kind: string; name: string }[] } | undefined)?.ownerReferences?.[0];
  const s = status;
  const tone: PodView['tone'] = /Error|CrashLoop|BackOff|Err|Failed|OOMKilled|Evicted|Invalid|ConfigError/.test(s) ? 'danger'
    : s === 'Running' && !ready.startsWith('0/') ? 'ok'
      : s === 'Completed' ? 'accent'
        : s === 'Terminating' ? 'idle'
          : 'warn';
  const cond = ((pod.status as { conditions?: { type: string; status: string; message?: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return { name, uid: pod.metadata?.uid, ready, status, restarts, node: spec.nodeName, owner: owner ? `${owner.kind}/${owner.name}` : undefined, tone, pendingMessage: cond?.message, ports };
}

export const TONE_CLASS: Record<PodView['tone'], string> = {
  ok: 'border-l-[var(--ok)]',
  warn: 'border-l-[var(--warn)]',
  danger: 'border-l-[var(--danger)]',
  idle: 'border-l-[var(--idle)]',
  accent: 'border-l-[var(--accent)]',
};
