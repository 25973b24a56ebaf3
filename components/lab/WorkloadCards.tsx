'use client';

/**
 * Workload cards: each controller's progress in the shape that teaches it. A Job's
 * completions and its pods, a CronJob's schedule in words with past and next runs, a
 * StatefulSet's ordinal strip with each pod's claim, a DaemonSet's coverage per node, a
 * Deployment's rollout across its ReplicaSets.
 */
import { itemsOf, type ClusterState, type ObjectLike } from '@/lib/k8s/watch/reducer';
import { cronInWords } from '@/lib/lab/cron-words';
import { humanDuration, parseSchedule } from '@/lib/k8s/sandbox/pure';
import { benchAge } from '@/lib/lab/bench-age';
import { podView, TONE_CLASS } from './pod-view';

type Obj = ObjectLike & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

const name = (o: ObjectLike) => o.metadata?.name ?? '';
const ownedBy = (o: ObjectLike, kind: string, owner: string) => ((o.metadata as { ownerReferences?: { kind: string; name: string }[] } | undefined)?.ownerReferences ?? []).some((r) => r.kind === kind && r.name === owner);
const cond = (o: Obj, type: string) => ((o.status?.conditions as { type: string; status: string }[] | undefined) ?? []).find((c) => c.type === type && c.status === 'True');

function Card({ title, kind, children }: { title: string; kind: string; children: React.ReactNode }) {
  return (
    <section aria-label={`${kind} ${title}`} className="rounded-md border border-[var(--border)] bg-[var(--bg)] p-2">
      <p className="text-xs"><span className="text-[var(--fg-soft)]">{kind}</span> <span className="font-mono font-semibold">{title}</span></p>
      <div className="mt-1 space-y-1 text-[11px]">{children}</div>
    </section>
  );
}

function Bar({ parts, total }: { parts: { n: number; cls: string; label: string }[]; total: number }) {
  return (
    <div className="flex h-2 overflow-hidden rounded bg-[var(--bg-soft)]" role="img" aria-label={parts.map((p) => `${p.n} ${p.label}`).join(', ') + ` of ${total}`}>
      {parts.map((p) => <div key={p.label} className={p.cls} style={{ width: `${total ? (100 * p.n) / total : 0}%` }} />)}
    </div>
  );
}

function PodChips({ pods, now }: { pods: ObjectLike[]; now: number }) {
  return (
    <ul className="flex flex-wrap gap-1">
      {pods.map((p) => {
        const v = podView(p, now);
        return <li key={v.name} title={`${v.name}: ${v.status}`} className={`rounded border border-[var(--border)] border-l-4 px-1 font-mono ${TONE_CLASS[v.tone]}`}>{v.name.split('-').slice(-1)[0]} {v.status}</li>;
      })}
    </ul>
  );
}

function JobCard({ job, pods, now }: { job: Obj; pods: ObjectLike[]; now: number }) {
  const spec = job.spec ?? {};
  const st = job.status ?? {};
  const completions = (spec.completions as number | undefined) ?? 1;
  const succeeded = (st.succeeded as number | undefined) ?? 0;
  const failed = (st.failed as number | undefined) ?? 0;
  const active = (st.active as number | undefined) ?? 0;
  const state = cond(job, 'Complete') ? 'Complete' : cond(job, 'Failed') ? 'Failed' : spec.suspend ? 'Suspended' : 'Running';
  const mine = pods.filter((p) => ownedBy(p, 'Job', name(job)));
  return (
    <Card title={name(job)} kind="Job">
      <p>{state} · {succeeded}/{spec.completions === undefined ? `1 (work queue)` : completions} succeeded · {active} active · {failed} failed · parallelism {String(spec.parallelism ?? 1)}</p>
      <Bar total={Math.max(completions, succeeded + failed)} parts={[{ n: succeeded, cls: 'bg-[var(--ok)]', label: 'succeeded' }, { n: active, cls: 'bg-[var(--warn)]', label: 'active' }, { n: failed, cls: 'bg-[var(--danger)]', label: 'failed' }]} />
      {mine.length > 0 && <PodChips pods={mine} now={now} />}
    </Card>
  );
}

function CronJobCard({ cj, jobs, now }: { cj: Obj; jobs: Obj[]; now: number }) {
  const spec = cj.spec ?? {};
  const st = cj.status ?? {};
  const schedule = String(spec.schedule ?? '');
  let next: number | undefined;
  try {
    const s = parseSchedule(schedule, spec.timeZone as string | undefined);
    next = s.next(now);
  } catch {
    next = undefined;
  }
  const runs = jobs.filter((j) => ownedBy(j, 'CronJob', name(cj))).sort((a, b) => name(a).localeCompare(name(b)));
  return (
    <Card title={name(cj)} kind="CronJob">
      <p>Runs {cronInWords(schedule, spec.timeZone as string | undefined)}{spec.suspend ? ' — suspended' : ''} · concurrency {String(spec.concurrencyPolicy ?? 'Allow')}</p>
      <p className="text-[var(--fg-soft)]">
        Last: {st.lastScheduleTime ? `${benchAge(st.lastScheduleTime, now)} ago` : 'never'}
        {next !== undefined && !spec.suspend ? ` · next in ${humanDuration(Math.max(0, next - now))}` : ''}
      </p>
      {runs.length > 0 && (
        <ol className="flex flex-wrap gap-1" aria-label="Runs">
          {runs.map((j) => {
            const outcome = cond(j, 'Complete') ? 'ok' : cond(j, 'Failed') ? 'failed' : 'running';
            return <li key={name(j)} className={`rounded px-1 font-mono ${outcome === 'ok' ? 'bg-[var(--ok-soft)]' : outcome === 'failed' ? 'bg-[var(--danger-soft)]' : 'bg-[var(--warn-soft)]'}`} title={name(j)}>{name(j).split('-').slice(-1)[0]} {outcome}</li>;
          })}
        </ol>
      )}
    </Card>
  );
}

function StatefulSetCard({ sts, pods, pvcs, now }: { sts: Obj; pods: ObjectLike[]; pvcs: Obj[]; now: number }) {
  const replicas = (sts.spec?.replicas as number | undefined) ?? 1;
  const start = ((sts.spec?.ordinals as { start?: number } | undefined)?.start) ?? 0;
  const templates = ((sts.spec?.volumeClaimTemplates as ObjectLike[] | undefined) ?? []).map(name);
  const ordinals = Array.from({ length: replicas }, (_, i) => start + i);
  return (
    <Card title={name(sts)} kind="StatefulSet">
      <p>{String(sts.status?.readyReplicas ?? 0)}/{replicas} ready · {String(sts.spec?.podManagementPolicy ?? 'OrderedReady')}</p>
      <ol className="grid grid-cols-3 gap-1" aria-label="Ordinals">
        {ordinals.map((i) => {
          const podName = `${name(sts)}-${i}`;
          const pod = pods.find((p) => name(p) === podName);
          const v = pod ? podView(pod, now) : undefined;
          return (
            <li key={i} className={`rounded border border-[var(--border)] border-l-4 p-1 ${v ? TONE_CLASS[v.tone] : 'border-l-[var(--border)]'}`}>
              <p className="font-mono font-semibold">{podName}</p>
              <p className="text-[var(--fg-soft)]">{v ? v.status : 'not created'}</p>
              {templates.map((t) => {
                const pvc = pvcs.find((c) => name(c) === `${t}-${podName}`);
                return <p key={t} className="truncate font-mono text-[10px] text-[var(--fg-soft)]" title={`${t}-${podName}`}>{t}: {pvc ? String(pvc.status?.phase ?? 'Pending') : '—'}</p>;
              })}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}

function DaemonSetCard({ ds, pods, nodes, now }: { ds: Obj; pods: ObjectLike[]; nodes: ObjectLike[]; now: number }) {
  const st = ds.status ?? {};
  const mine = pods.filter((p) => ownedBy(p, 'DaemonSet', name(ds)));
  return (
    <Card title={name(ds)} kind="DaemonSet">
      <p>desired {String(st.desiredNumberScheduled ?? 0)} · ready {String(st.numberReady ?? 0)} · up-to-date {String(st.updatedNumberScheduled ?? 0)} · available {String(st.numberAvailable ?? 0)}</p>
      <ul className="grid grid-cols-2 gap-1" aria-label="Coverage">
        {nodes.map((n) => {
          const pod = mine.find((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName === name(n));
          const v = pod ? podView(pod, now) : undefined;
          return <li key={name(n)} className="flex justify-between gap-1 rounded border border-[var(--border)] px-1"><span className="truncate">{name(n)}</span><span className={v ? '' : 'text-[var(--fg-soft)]'}>{v ? v.status : 'no pod'}</span></li>;
        })}
      </ul>
    </Card>
  );
}

function DeploymentCard({ d, rss }: { d: Obj; rss: Obj[] }) {
  const st = d.status ?? {};
  const mine = rss.filter((r) => ownedBy(r, 'Deployment', name(d)));
  return (
    <Card title={name(d)} kind="Deployment">
      <p>{String(st.readyReplicas ?? 0)}/{String(d.spec?.replicas ?? 1)} ready · {String(st.updatedReplicas ?? 0)} up-to-date · {String(st.availableReplicas ?? 0)} available</p>
      <ul aria-label="ReplicaSets">
        {mine.map((r) => (
          <li key={name(r)} className="font-mono">{name(r)}: {String(r.status?.readyReplicas ?? 0)}/{String(r.spec?.replicas ?? 0)} (revision {(r.metadata as { annotations?: Record<string, string> }).annotations?.['deployment.kubernetes.io/revision'] ?? '?'})</li>
        ))}
      </ul>
    </Card>
  );
}

export function WorkloadCards({ state, now }: { state: ClusterState; now: number }) {
  const pods = itemsOf(state, 'pods');
  const jobs = itemsOf<Obj>(state, 'jobs');
  const cronjobs = itemsOf<Obj>(state, 'cronjobs');
  const sts = itemsOf<Obj>(state, 'statefulsets');
  const ds = itemsOf<Obj>(state, 'daemonsets');
  const deploys = itemsOf<Obj>(state, 'deployments');
  const rss = itemsOf<Obj>(state, 'replicasets');
  const pvcs = itemsOf<Obj>(state, 'persistentvolumeclaims');
  const nodes = itemsOf(state, 'nodes');
  const standaloneJobs = jobs.filter((j) => !((j.metadata as { ownerReferences?: unknown[] } | undefined)?.ownerReferences?.length));
  const empty = !jobs.length && !cronjobs.length && !sts.length && !ds.length && !deploys.length;
  if (empty) return <p className="text-xs text-[var(--fg-soft)]">No workloads yet: apply a manifest and its controller&apos;s progress shows here.</p>;
  return (
    <div className="space-y-2">
      {cronjobs.map((c) => <CronJobCard key={name(c)} cj={c} jobs={jobs} now={now} />)}
      {standaloneJobs.map((j) => <JobCard key={name(j)} job={j} pods={pods} now={now} />)}
      {sts.map((s) => <StatefulSetCard key={name(s)} sts={s} pods={pods} pvcs={pvcs} now={now} />)}
      {ds.map((d) => <DaemonSetCard key={name(d)} ds={d} pods={pods} nodes={nodes} now={now} />)}
      {deploys.map((d) => <DeploymentCard key={name(d)} d={d} rss={rss} />)}
    </div>
  );
}
