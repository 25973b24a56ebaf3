/**
 * Sandbox workload benchmarks (figures for the notes), on the product parts at time scale 1:
 *  - daemonset: `kubectl apply` of a DaemonSet on 3 workers (npm run sandbox's code path) to
 *    all its pods Running, wall time (includes the simulated image pull).
 *  - clusters: CLUSTERS clusters (default 100) in one process, each running Exercise 5.3's Jobs
 *    (workload-types/job-patterns.yaml) and a 3-replica StatefulSet; CPU share and RSS over
 *    BENCH_SECONDS (default 60) of wall time.
 *  - logs: a container printing a line every 200 ms; delay from the line entering the log to
 *    its arrival at a `kubectl logs -f`-style HTTP client, p50/p95 over 100 lines.
 * Usage: npx tsx scripts/bench/sandbox-workloads.ts [daemonset|clusters|logs]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startCli } from '../../lib/k8s/sandbox/cli';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { GR } from '../../lib/k8s/sandbox/controllers/framework/client';
import { parseManifests } from '../../lib/k8s/manifests/parse';
import type { KubeObject } from '../../lib/k8s/sandbox/types';
import type { Cluster } from '../../lib/k8s/sandbox/cluster';
import { pct } from './support/stats.mjs';

const mode = process.argv[2] ?? 'daemonset';
const phaseRunning = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase === 'Running' && ((p.status as { containerStatuses?: { ready?: boolean }[] }).containerStatuses ?? []).every((c) => c.ready);

async function daemonset(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-bench-'));
  const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 3, timeScale: 1, dataDir });
  const cluster = cli.host.getCluster(cli.host.listClusters()[0].id)!.cluster;
  const file = path.join(process.cwd(), 'content/module-05/resources/workload-types/daemonset-examples.yaml');
  const ds = parseManifests(fs.readFileSync(file, 'utf8')).map((d) => d.object as KubeObject).find((o) => o?.kind === 'DaemonSet' && o.metadata.name === 'log-collector')!;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const name = `log-collector-${i}`;
    const obj = structuredClone(ds);
    obj.metadata.name = name;
    const t0 = performance.now();
    // Async: the sandbox answers kubectl from this same process.
    const child = promisify(execFile)('/usr/bin/kubectl', ['apply', '-f', '-'], { env: { ...process.env, KUBECONFIG: cli.kubeconfigPath } });
    child.child.stdin!.end(JSON.stringify(obj));
    await child;
    for (;;) {
      const pods = cluster.context.client.list(GR.pods, { namespace: 'default' }).filter((p) => p.metadata.ownerReferences?.some((r) => r.name === name));
      if (pods.length >= 3 && pods.every(phaseRunning)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    times.push(performance.now() - t0);
  }
  console.log(`daemonset: kubectl apply → 3 of 3 pods Running and Ready, time scale 1, 5 runs: median ${pct(times, 50).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (includes kubectl's own start and the simulated image pull)`);
  await cli.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

function objectsOf(rel: string): KubeObject[] {
  return parseManifests(fs.readFileSync(path.join(process.cwd(), 'content/module-05/resources', rel), 'utf8')).map((d) => d.object as KubeObject).filter(Boolean);
}

async function clusters(): Promise<void> {
  const n = Number(process.env.CLUSTERS ?? 100);
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const jobs = objectsOf('workload-types/job-patterns.yaml');
  const sts: KubeObject = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: { serviceName: 'web', replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  };
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }), components: productComponents });
  const rss0 = process.memoryUsage().rss;
  const all: Cluster[] = [];
  for (let i = 0; i < n; i++) {
    const { cluster } = host.createCluster({ workers: 3 });
    for (const o of [...jobs, sts]) cluster.context.client.create({ ...structuredClone(o), metadata: { ...structuredClone(o.metadata), namespace: 'default' } });
    all.push(cluster);
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  const running = all.reduce((s, c) => s + c.context.client.list(GR.pods, { namespace: 'default' }).filter(phaseRunning).length, 0);
  const done = all.reduce((s, c) => s + c.context.client.list(GR.jobs, { namespace: 'default' }).filter((j) => ((j.status as { conditions?: { type: string }[] }).conditions ?? []).some((x) => x.type === 'Complete')).length, 0);
  console.log(`clusters: ${n} clusters × (${jobs.length} Jobs + 3-replica StatefulSet), time scale 1, ${seconds} s: CPU ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)}% of one core, RSS ${(rss0 / 2 ** 20).toFixed(0)} → peak ${(peakRss / 2 ** 20).toFixed(0)} MiB; at the end ${running} pods running and ready, ${done} Jobs complete (targets: under one core, under 1.5 GB)`);
  host.close();
}

async function logs(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-bench-'));
  const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 3, timeScale: 1, dataDir });
  const cluster = cli.host.getCluster(cli.host.listClusters()[0].id)!.cluster;
  const appended = new Map<string, number>();
  const append = cluster.logs.append.bind(cluster.logs);
  cluster.logs.append = (key, line) => {
    appended.set(line.text, performance.now());
    append(key, line);
  };
  cluster.context.client.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ticker', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.2; done'] }] } });
  for (;;) {
    const p = cluster.context.client.get(GR.pods, 'default', 'ticker');
    if (p && phaseRunning(p)) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const kubeconfig = fs.readFileSync(cli.kubeconfigPath, 'utf8');
  const server = /server: (\S+)/.exec(kubeconfig)![1];
  const res = await fetch(`${server}/api/v1/namespaces/default/pods/ticker/log?follow=true&container=c`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const delays: number[] = [];
  let buf = '';
  while (delays.length < 100) {
    const { value } = await reader.read();
    const now = performance.now();
    buf += decoder.decode(value, { stream: true });
    let i = buf.indexOf('\n');
    while (i >= 0) {
      const text = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const t = appended.get(text);
      if (t !== undefined) delays.push(now - t);
      i = buf.indexOf('\n');
    }
  }
  await reader.cancel();
  console.log(`logs: echo in the container → line at a follow client (HTTP, as kubectl logs -f), 100 lines: p50 ${pct(delays, 50).toFixed(2)} ms, p95 ${pct(delays, 95).toFixed(2)} ms, max ${Math.max(...delays).toFixed(2)} ms`);
  await cli.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const run = { daemonset, clusters, logs }[mode];
if (!run) throw new Error(`unknown mode ${mode}: daemonset | clusters | logs`);
await run();
process.exit(0);
