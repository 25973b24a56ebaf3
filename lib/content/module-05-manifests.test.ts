/**
 * The corrected manifests of module 5, applied to a sandbox cluster: each comes up and behaves
 * the way its lesson says. Where a lesson warns against a mistake, the mistaken variant is run
 * too, so the test shows the difference the fix makes.
 */
import { describe, expect, it } from 'vitest';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { productSim } from '../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../k8s/sandbox/types';
import { applyResource, objectsOf, simView, type Sim } from '../exercises/testing';
import { readResource } from './resources';

type Container = { name: string; image?: string; command?: string[]; args?: string[] };
type PodSpecLike = { containers: Container[]; initContainers?: Container[]; hostNetwork?: boolean; hostPID?: boolean; securityContext?: { fsGroup?: number } };
type Terminated = { exitCode: number; finishedAt?: string; startedAt?: string };
type Status = { name: string; ready?: boolean; state?: { terminated?: Terminated; running?: object } };

function podsOf(sim: Sim, namespace: string, labels: Record<string, string>): KubeObject[] {
  return sim.list(GR.pods, { namespace }).filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v));
}

function logs(sim: Sim, namespace: string, pod: string, container: string): string[] {
  return sim.cluster.logs.read({ namespace, pod, container }).map((l) => l.text);
}

/** Applies a file, creating the namespaces it uses first (as `kubectl create namespace` would). */
function applyWithNamespaces(sim: Sim, file: string): void {
  const ensure = (name: string) => {
    if (!sim.get(GR.namespaces, undefined, name)) sim.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  };
  applyResource(sim, file, (o) => {
    if (o.kind === 'Namespace') {
      ensure(o.metadata.name!);
      return false;
    }
    if (o.metadata.namespace) ensure(o.metadata.namespace);
    return true;
  });
}

function templateOf(o: KubeObject): PodSpecLike {
  const spec = o.spec as { template?: { spec: PodSpecLike }; jobTemplate?: { spec: { template: { spec: PodSpecLike } } } };
  return spec.template?.spec ?? spec.jobTemplate!.spec.template.spec;
}

function isReady(p: KubeObject): boolean {
  return ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Seconds between the worker's exit and the sidecar's, in the Job's one pod. */
function sidecarStopDelay(sim: Sim): number {
  const pod = podsOf(sim, 'default', { 'job-name': 'job-with-native-sidecar' })[0];
  const st = pod.status as { containerStatuses: Status[]; initContainerStatuses: Status[] };
  const worker = st.containerStatuses.find((c) => c.name === 'worker')!.state!.terminated!;
  const sidecar = st.initContainerStatuses.find((c) => c.name === 'log-forwarder')!.state!.terminated!;
  return (Date.parse(sidecar.finishedAt!) - Date.parse(worker.finishedAt!)) / 1000;
}

describe('module 5 manifests on a sandbox cluster', () => {
  it('refuses a CronJob whose day of week is 7, as the cron lesson says Kubernetes does', () => {
    const sim = productSim();
    const cron = (schedule: string): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: `weekly-${schedule.split(' ')[4].replace(/\W/g, '')}` },
      spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } } } },
    });
    expect(() => sim.apply(cron('0 0 * * 7'))).toThrow(/spec\.schedule: Invalid value: "0 0 \* \* 7": end of range \(7\) above maximum \(6\): 7/);
    expect(() => sim.apply(cron('0 0 * * 5-7'))).toThrow(/end of range \(7\) above maximum \(6\): 5-7/);
    expect(() => sim.apply(cron('0 0 * * 0'))).not.toThrow();
    sim.close();
  });

  it('the native sidecar stops as soon as the worker is done, so the Job completes without waiting out the grace period', async () => {
    const sim = productSim();
    applyResource(sim, 'container-patterns/sidecar-patterns.yaml', (o) => o.kind === 'Job');
    await sim.run(90_000);
    const job = sim.get(GR.jobs, 'default', 'job-with-native-sidecar')!;
    expect((job.status as { succeeded?: number }).succeeded).toBe(1);
    expect(sidecarStopDelay(sim)).toBeLessThan(5);
    sim.close();
  });

  it('a native sidecar whose tail -f is PID 1 without a handler ignores SIGTERM and holds the pod for the grace period', async () => {
    const sim = productSim();
    applyResource(sim, 'container-patterns/sidecar-patterns.yaml', (o) => {
      if (o.kind !== 'Job') return false;
      templateOf(o).initContainers![0].command = ['sh', '-c', 'touch /work/out.log; exec tail -f /work/out.log'];
      return true;
    });
    await sim.run(120_000);
    expect(sidecarStopDelay(sim)).toBeGreaterThanOrEqual(29);
    sim.close();
  });

  it('the log-shipper sidecar prints nginx access lines and drops health checks', async () => {
    const sim = productSim();
    applyResource(sim, 'container-patterns/sidecar-patterns.yaml', (o) => o.kind === 'Pod');
    await sim.run(20_000);
    const view = simView(sim);
    await view.exec('default', 'web-with-log-sidecar', 'web', ['sh', '-c', 'echo \'10.0.0.9 - - [x] "GET /healthz HTTP/1.1" 200\' >> /var/log/nginx/access.log; echo \'10.0.0.9 - - [x] "GET /orders HTTP/1.1" 200\' >> /var/log/nginx/access.log']);
    await sim.run(5_000);
    const shipped = logs(sim, 'default', 'web-with-log-sidecar', 'log-shipper');
    expect(shipped.some((l) => l.includes('GET /orders'))).toBe(true);
    expect(shipped.some((l) => l.includes('healthz'))).toBe(false);
    sim.close();
  });

  it('job-queues: every item is processed exactly once, whichever pod starts first', async () => {
    const sim = productSim();
    applyResource(sim, 'batch-processing/job-queues.yaml');
    await sim.run(4 * 60_000);
    const workers = sim.get(GR.jobs, 'default', 'queue-workers')!;
    expect((workers.status as { conditions?: { type: string; status: string }[] }).conditions?.some((c) => c.type === 'Complete' && c.status === 'True')).toBe(true);
    const processed = podsOf(sim, 'default', { 'job-name': 'queue-workers' })
      .flatMap((p) => logs(sim, 'default', p.metadata.name!, 'worker'))
      .filter((l) => l.startsWith('processing '))
      .map((l) => l.slice('processing '.length))
      .sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));
    expect(processed).toEqual(Array.from({ length: 20 }, (_, i) => `item-${i + 1}`));
    sim.close();
  });

  it('job-queues: workers started long before the producer wait for the queue to be filled instead of exiting "queue empty"', async () => {
    const sim = productSim();
    applyResource(sim, 'batch-processing/job-queues.yaml', (o) => o.metadata.name !== 'queue-producer');
    await sim.run(60_000);
    const early = podsOf(sim, 'default', { 'job-name': 'queue-workers' });
    expect(early.length).toBe(3);
    expect(early.every((p) => (p.status as { phase: string }).phase === 'Running')).toBe(true);
    applyResource(sim, 'batch-processing/job-queues.yaml', (o) => o.metadata.name === 'queue-producer');
    await sim.run(3 * 60_000);
    const processed = podsOf(sim, 'default', { 'job-name': 'queue-workers' }).flatMap((p) => logs(sim, 'default', p.metadata.name!, 'worker')).filter((l) => l.startsWith('processing '));
    expect(processed).toHaveLength(20);
    sim.close();
  });

  it('node-exporter runs on every node with the host network and PID namespace, answering on the node IP', async () => {
    const file = 'exercises/monitoring-stack/prometheus-daemonset/monitoring.yaml';
    const sim = productSim();
    applyResource(sim, file);
    await sim.run(2 * 60_000);
    const ds = sim.get(GR.daemonsets, 'monitoring', 'node-exporter')!;
    expect(templateOf(ds)).toMatchObject({ hostNetwork: true, hostPID: true });
    const pods = podsOf(sim, 'monitoring', { app: 'node-exporter' });
    expect(pods.map((p) => (p.spec as { nodeName: string }).nodeName).sort()).toEqual(sim.list(GR.nodes).map((n) => n.metadata.name!).sort());
    for (const p of pods) {
      const st = p.status as { podIP: string; hostIP: string };
      expect(isReady(p)).toBe(true);
      expect(st.podIP).toBe(st.hostIP);
    }
    const prom = podsOf(sim, 'monitoring', { app: 'prometheus' });
    expect(prom.filter(isReady)).toHaveLength(2);
    const r = await simView(sim).exec('monitoring', 'prometheus-0', 'prometheus', ['wget', '-qO-', `http://${(pods[0].status as { hostIP: string }).hostIP}:9100/metrics`]);
    expect(r.out).toContain('node_cpu_seconds_total');
    sim.close();
  });

  it('the monitoring rules also fire when an exporter target disappears from DNS discovery, not only when it answers up == 0', () => {
    const cm = objectsOf(readResource('exercises/monitoring-stack/prometheus-daemonset/monitoring.yaml')).find((o) => o.metadata.name === 'prometheus-config')!;
    const rules = (cm.data as Record<string, string>)['rules.yml'];
    expect(rules).toMatch(/absent\(up\{job="node-exporter"\}/);
    expect(rules).toMatch(/count\(max_over_time\(up\{job="node-exporter"\}\[1h\]\)\)/);
  });

  it('pods whose PersistentVolumeClaims are written by a non-root user set fsGroup, and all come up', async () => {
    const sim = productSim();
    const files = ['exercises/monitoring-stack/prometheus-daemonset/monitoring.yaml', 'exercises/monitoring-stack/grafana-statefulset/grafana.yaml', 'exercises/monitoring-stack/alert-manager-deployment/alertmanager.yaml'];
    for (const f of files) {
      applyWithNamespaces(sim, f);
    }
    await sim.run(3 * 60_000);
    for (const [kind, name] of [[GR.statefulsets, 'prometheus'], [GR.deployments, 'grafana'], [GR.statefulsets, 'alertmanager']] as const) {
      const o = sim.get(kind, 'monitoring', name)!;
      expect(templateOf(o).securityContext?.fsGroup, name).toBeGreaterThan(0);
    }
    for (const app of ['prometheus', 'grafana', 'alertmanager', 'alert-sink']) {
      const pods = podsOf(sim, 'monitoring', { app });
      expect(pods.length, app).toBeGreaterThan(0);
      expect(pods.every(isReady), app).toBe(true);
    }
    sim.close();
  });

  it('grafana finds its provisioned dashboard where the provider points, outside the empty data volume', async () => {
    const sim = productSim();
    const file = 'exercises/monitoring-stack/grafana-statefulset/grafana.yaml';
    applyWithNamespaces(sim, file);
    await sim.run(60_000);
    const pod = podsOf(sim, 'monitoring', { app: 'grafana' })[0];
    const view = simView(sim);
    const provider = await view.exec('monitoring', pod.metadata.name!, 'grafana', ['cat', '/etc/grafana/provisioning/dashboards/provider.yaml']);
    const dir = /path:\s*(\S+)/.exec(provider.out)![1];
    expect(dir.startsWith('/var/lib/grafana')).toBe(false);
    const listing = await view.exec('monitoring', pod.metadata.name!, 'grafana', ['ls', dir]);
    expect(listing.out.split(/\s+/)).toContain('nodes.json');
    sim.close();
  });

  it('the alert sink accepts a POST and logs its body', async () => {
    const sim = productSim();
    const file = 'exercises/monitoring-stack/alert-manager-deployment/alertmanager.yaml';
    applyWithNamespaces(sim, file);
    await sim.run(60_000);
    const body = '{"status":"firing","alerts":[{"labels":{"alertname":"NodeExporterMissing"}}]}';
    const r = await simView(sim).exec('monitoring', 'alertmanager-0', 'alertmanager', ['wget', '-qO-', `--post-data=${body}`, '--header=Content-Type: application/json', 'http://alert-sink.monitoring.svc/alerts']);
    expect(r.code).toBe(0);
    await sim.run(5_000);
    const logged = logs(sim, 'monitoring', 'alert-sink', 'sink');
    expect(logged.some((l) => l.startsWith('POST /alerts'))).toBe(true);
    expect(logged.some((l) => l.includes('"alertname":"NodeExporterMissing"'))).toBe(true);
    // It keeps listening: a second alert is logged too.
    const again = await simView(sim).exec('monitoring', 'alertmanager-0', 'alertmanager', ['wget', '-qO-', '--post-data={"status":"resolved"}', 'http://alert-sink.monitoring.svc/alerts']);
    expect(again.code).toBe(0);
    await sim.run(5_000);
    expect(logs(sim, 'monitoring', 'alert-sink', 'sink').some((l) => l.includes('"status":"resolved"'))).toBe(true);
    sim.close();
  });
});
