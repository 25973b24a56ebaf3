'use client';

/**
 * The node board: a column per node (role, Ready, taints, cordon) with its pods as cards,
 * and an "unscheduled" lane whose cards say, in plain words, why the scheduler waits.
 */
import { itemsOf, type ClusterState, type ObjectLike } from '@/lib/k8s/watch/reducer';
import { whyPending } from '@/lib/lab/why-pending';
import { podView, TONE_CLASS, type PodView } from './pod-view';
import { labApi } from './lab-api';
import { PendingNodes } from './PendingNodes';
import { splitPodName } from '@/lib/lab/pod-name';

interface NodeInfo {
  name: string;
  role: string;
  ready: boolean;
  cordoned: boolean;
  taints: string[];
  zone?: string;
}

function nodeInfo(n: ObjectLike): NodeInfo {
  const labels = (n.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
  const spec = (n.spec ?? {}) as { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  const ready = ((n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready')?.status === 'True';
  return {
    name: n.metadata?.name ?? '',
    role: 'node-role.kubernetes.io/control-plane' in labels ? 'control-plane' : 'worker',
    ready,
    cordoned: Boolean(spec.unschedulable),
    taints: (spec.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
    zone: labels['topology.kubernetes.io/zone'],
  };
}

/** A running pod's declared ports, each opened in a new tab through the portal (only the learner's own pod). */
function ForwardLinks({ p }: { p: PodView }) {
  if (p.status !== 'Running' || p.ports.length === 0) return null;
  return (
    <p className="flex flex-wrap gap-1 text-[10px]">
      {p.ports.map((port) => (
        <a key={port} href={`/api/lab/forward/${p.name}:${port}/`} target="_blank" rel="noopener noreferrer" className="text-[var(--accent)] underline-offset-2 hover:underline" title={`Open port ${port} of ${p.name} in a new tab (as kubectl port-forward would)`}>
          :{port} ↗
        </a>
      ))}
    </p>
  );
}

function PodCard({ p, readOnly = false }: { p: PodView; readOnly?: boolean }) {
  return (
    <li className={`rounded border border-[var(--border)] border-l-4 bg-[var(--bg)] px-2 py-1 ${TONE_CLASS[p.tone]}`} data-pod={p.name}>
      {/* Narrow columns: keep the end of the name, where a pod's unique suffix is. */}
      <p className="flex min-w-0 font-mono text-[11px] font-semibold" title={p.name}>
        {/* The workload's name is cut in the middle, the generated suffix always shows. */}
        <span className="truncate">{splitPodName(p.name).head}</span>
        <span className="shrink-0">{splitPodName(p.name).tail}</span>
      </p>
      <p className="flex min-w-0 justify-between gap-2 text-[11px] text-[var(--fg-soft)]">
        {/* A long status (ContainerCreating) in a narrow column ends in an ellipsis; the ready count stays. */}
        <span className="min-w-0 truncate" title={p.status}>{p.status}</span>
        <span className="shrink-0" title="ready containers / restarts">{p.ready}{p.restarts !== '0' ? ` · ↻${p.restarts.split(' ')[0]}` : ''}</span>
      </p>
      {!readOnly && <ForwardLinks p={p} />}
    </li>
  );
}

function NodeMenu({ node }: { node: NodeInfo }) {
  const act = (action: 'fail' | 'recover' | 'cordon' | 'uncordon' | 'remove') => void labApi.node(action, node.name).catch((e: unknown) => alert((e as Error).message));
  return (
    <details className="text-[10px]">
      <summary className="cursor-pointer text-[var(--fg-soft)]" aria-label={`Actions for ${node.name}`}>actions</summary>
      <div className="mt-1 flex flex-col items-start gap-0.5">
        {node.ready ? <button onClick={() => act('fail')}>Make it fail</button> : <button onClick={() => act('recover')}>Recover</button>}
        {node.cordoned ? <button onClick={() => act('uncordon')}>Uncordon</button> : <button onClick={() => act('cordon')}>Cordon</button>}
        {node.role !== 'control-plane' && <button onClick={() => act('remove')}>Remove</button>}
      </div>
    </details>
  );
}

/** `readOnly`: the instructor's inspect view, without node actions or calls on the viewer's own lab. */
export function NodeBoard({ state, now, readOnly = false }: { state: ClusterState; now: number; readOnly?: boolean }) {
  const nodes = itemsOf(state, 'nodes').map(nodeInfo);
  const pods = itemsOf(state, 'pods').map((p) => podView(p, now));
  const pending = pods.filter((p) => !p.node);
  return (
    <div className="space-y-3">
      {!readOnly && <div className="flex justify-end">
        <button onClick={() => void labApi.node('add').catch((e: unknown) => alert((e as Error).message))} className="rounded-md border border-[var(--border)] px-2 py-0.5 text-xs">+ Add node</button>
      </div>}
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label="Nodes">
        {nodes.map((n) => (
          <section key={n.name} aria-label={`Node ${n.name}`} className={`min-w-0 rounded-md border p-1.5 ${n.ready ? 'border-[var(--border)]' : 'border-[var(--danger)]'} bg-[var(--bg-soft)]`}>
            <header className="mb-1">
              <p className="truncate text-xs font-semibold" title={n.name}>{n.name}</p>
              <p className="text-[10px] text-[var(--fg-soft)]">
                {n.role}{n.zone ? ` · ${n.zone}` : ''} · <span className={n.ready ? 'text-[var(--ok)]' : 'text-[var(--danger)]'}>{n.ready ? 'Ready' : 'NotReady'}</span>
                {n.cordoned ? ' · cordoned' : ''}
              </p>
              {n.taints.length > 0 && <p className="truncate text-[10px] text-[var(--warn)]" title={n.taints.join('\n')}>taints: {n.taints.length}</p>}
              {!readOnly && <NodeMenu node={n} />}
            </header>
            <ul className="space-y-1">
              {pods.filter((p) => p.node === n.name).map((p) => <PodCard key={p.name} p={p} readOnly={readOnly} />)}
            </ul>
          </section>
        ))}
      </div>
      {pending.length > 0 && (
        <section aria-label="Unscheduled pods" className="rounded-md border border-dashed border-[var(--warn)] p-2">
          <p className="mb-1 text-xs font-semibold">Not scheduled yet</p>
          <ul className="space-y-2">
            {pending.map((p) => (
              <li key={p.name}>
                <ul><PodCard p={p} /></ul>
                <ul className="mt-1 list-disc pl-5 text-[11px] text-[var(--fg-soft)]">
                  {whyPending(p.pendingMessage).map((line) => <li key={line}>{line}</li>)}
                </ul>
                {!readOnly && p.uid && p.pendingMessage && <PendingNodes uid={p.uid} message={p.pendingMessage} />}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
