/**
 * Benchmark: `kubectl get pods` on a sandbox cluster holding 1,000 pods.
 * Prints the server time per Table list request (in-process HTTP, includes JSON encoding)
 * and, when kubectl exists, the wall time of the real `kubectl get pods`.
 * Run: npx tsx scripts/bench/sandbox-get-pods.ts
 */
import http from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SandboxHost, kubeconfigYaml } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';

const PODS = 1000;
const RUNS = 30;

function request(url: string, token: string, accept: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { Authorization: `Bearer ${token}`, Accept: accept } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve(bytes));
    }).on('error', reject);
  });
}

async function main(): Promise<void> {
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }), limits: { maxObjects: 10_000, maxPods: 5_000 } });
  const { record, cluster } = host.createCluster({ workers: 3 });
  const server = http.createServer((req, res) => void host.handleRequest(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = host.serverURL(base, record.id);

  const t0 = performance.now();
  for (let i = 0; i < PODS; i++) {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: { app: `a${i % 10}` } }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } });
    await new Promise<void>((resolve, reject) => {
      const req = http.request(`${url}/api/v1/namespaces/default/pods`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`create pod-${i}: ${res.statusCode}`))));
      });
      req.end(body);
    });
  }
  console.log(`created ${PODS} pods over HTTP in ${(performance.now() - t0).toFixed(0)} ms`);
  void cluster;

  const table = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
  const listUrl = `${url}/api/v1/namespaces/default/pods?limit=500`;
  const fullUrl = `${url}/api/v1/namespaces/default/pods`;
  for (const [label, u] of [['Table, limit=500 (what kubectl sends)', listUrl], ['Table, all 1000 rows', fullUrl]] as const) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      bytes = await request(u, record.token, table);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    console.log(`GET pods ${label}: median ${times[RUNS >> 1].toFixed(1)} ms, p90 ${times[Math.floor(RUNS * 0.9)].toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KiB`);
  }

  const kubectl = '/usr/bin/kubectl';
  if (fs.existsSync(kubectl)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-bench-'));
    const kc = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kc, kubeconfigYaml(url, record.token, 'bench'));
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      // Async: the server answering kubectl runs on this same event loop.
      const out = (await promisify(execFile)(kubectl, ['get', 'pods'], { env: { ...process.env, KUBECONFIG: kc }, maxBuffer: 1 << 24 })).stdout;
      times.push(performance.now() - s);
      if (i === 0) console.log(`kubectl get pods printed ${out.trim().split('\n').length - 1} rows`);
    }
    times.sort((a, b) => a - b);
    console.log(`kubectl get pods wall time (process start, discovery, 2 pages): median ${times[2].toFixed(0)} ms`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  host.close();
  server.closeAllConnections();
  server.close();
}

void main();
