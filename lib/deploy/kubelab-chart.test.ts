/**
 * deploy/helm/kubelab renders without a cluster (our helm-template equivalent, helm-chart.ts),
 * every object it renders passes the project's Kubernetes schema check (lib/k8s/schemas) and is
 * accepted by a sandbox API server through the real kubectl (`apply --dry-run=server`). Ingress
 * and NetworkPolicy are neither in the generated schemas nor served by the sandbox: they are
 * checked against kubernetes-types with the TypeScript compiler instead. The chart also agrees
 * with the image (port, user, volume) and the portal (health paths, cookie name, body limit).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChart, type RenderedDocument, type Values } from './helm-chart';
import { TemplateFailError } from './go-template';
import { checkKubernetesTypes } from './kubernetes-types-check';
import { parseDockerfile, stageEnv } from './dockerfile';
import { definitionOf } from '../k8s/schemas';
import { validateManifest } from '../k8s/schemas/validate';
import { startCli } from '../k8s/sandbox/cli';
import { kubectl, requireKubectl } from '../k8s/sandbox/integration/support/kubectl';
import { SHARD_KEY_VARIABLE } from './nginx-shards';
import { MAX_BODY_BYTES } from '../k8s/sandbox/apiserver/body';

const root = path.resolve(import.meta.dirname, '../..');
const chartDir = path.join(root, 'deploy/helm/kubelab');
const COOKIE_KEY = 'k'.repeat(43);
const REQUIRED: Values = { instructorToken: 'teacher-token-0123456789', cookieKey: COOKIE_KEY, postgresql: { password: 'pg-secret' } };

/** The value sets an operator is likely to use; each must render valid objects. */
const VALUE_SETS: Record<string, Values> = {
  'bundled PostgreSQL (defaults)': REQUIRED,
  'external PostgreSQL with an egress CIDR, TLS, five shards, extra env': {
    instructorToken: 'teacher-token-0123456789',
    cookieKey: COOKIE_KEY,
    shards: 5,
    database: { url: 'postgres://kubelab:pw@db.school.example:5432/kubelab' },
    networkPolicy: { externalDatabaseCidr: '10.20.0.0/16' },
    ingress: { tlsSecretName: 'kubelab-tls', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
    env: { KUBELAB_MAX_ACTIVE_CLUSTERS: 120, KUBELAB_REQUIRE_CLASS: '1' },
    persistence: { storageClassName: 'fast' },
    imagePullSecrets: [{ name: 'registry' }],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'kubelab', operator: 'Exists', effect: 'NoSchedule' }],
  },
  'SQLite per shard, unconfined terminal, no ingress or network policy, existing secret': {
    existingSecret: 'my-kubelab',
    postgresql: { enabled: false },
    terminal: { unconfined: true },
    ingress: { enabled: false },
    networkPolicy: { enabled: false },
  },
};

const UNSERVED: Record<string, { module: string }> = { Ingress: { module: 'networking/v1' }, NetworkPolicy: { module: 'networking/v1' } };

function gvk(o: Record<string, unknown>) {
  const [group, version] = String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/') : ['', String(o.apiVersion)];
  return { group, version, kind: String(o.kind) };
}

const rendered = Object.fromEntries(Object.entries(VALUE_SETS).map(([name, values]) => [name, renderChart(chartDir, { releaseName: 'kubelab', namespace: 'default', values })]));
const byKind = (docs: RenderedDocument[], kind: string) => docs.filter((d) => d.object.kind === kind).map((d) => d.object as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the kubelab chart renders', () => {
  it('the objects each value set asks for', () => {
    const kinds = (name: string) => rendered[name].map((d) => `${d.object.kind}/${(d.object.metadata as { name: string }).name}`).sort();
    expect(kinds('bundled PostgreSQL (defaults)')).toEqual(['Ingress/kubelab', 'Ingress/kubelab-k8s', 'NetworkPolicy/kubelab', 'NetworkPolicy/kubelab-postgresql', 'Secret/kubelab', 'Service/kubelab', 'Service/kubelab-postgresql', 'Service/kubelab-shards', 'StatefulSet/kubelab', 'StatefulSet/kubelab-postgresql']);
    expect(kinds('external PostgreSQL with an egress CIDR, TLS, five shards, extra env')).toEqual(['Ingress/kubelab', 'Ingress/kubelab-k8s', 'NetworkPolicy/kubelab', 'Secret/kubelab', 'Service/kubelab', 'Service/kubelab-shards', 'StatefulSet/kubelab']);
    expect(kinds('SQLite per shard, unconfined terminal, no ingress or network policy, existing secret')).toEqual(['Service/kubelab', 'Service/kubelab-shards', 'StatefulSet/kubelab']);
  });

  it('objects that pass the project\'s Kubernetes schema check (Ingress and NetworkPolicy: kubernetes-types)', () => {
    const typed: Parameters<typeof checkKubernetesTypes>[0] = [];
    for (const [name, docs] of Object.entries(rendered)) {
      for (const d of docs) {
        const label = `${name}: ${d.source} ${d.object.kind}`;
        if (definitionOf(gvk(d.object))) expect(validateManifest(d.object), label).toEqual([]);
        else {
          expect(Object.keys(UNSERVED), `${label} has no schema`).toContain(d.object.kind);
          typed.push({ module: UNSERVED[String(d.object.kind)].module, type: String(d.object.kind), object: d.object, label });
        }
      }
    }
    expect(typed.length).toBeGreaterThan(0);
    expect(checkKubernetesTypes(typed, root)).toEqual([]);
  }, 60_000);

  it('the shards as the image runs them: its port, user, data volume, and the portal\'s health paths', () => {
    const image = parseDockerfile(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
    const runtime = image.stages[image.stages.length - 1];
    const env = stageEnv(runtime);
    const [uid, gid] = runtime.instructions.filter((i) => i.keyword === 'USER').at(-1)!.args.split(':').map(Number);
    const volume = runtime.instructions.find((i) => i.keyword === 'VOLUME')!.exec![0];
    const sts = byKind(rendered['bundled PostgreSQL (defaults)'], 'StatefulSet').find((s) => s.metadata.name === 'kubelab')!;
    const pod = sts.spec.template.spec;
    const c = pod.containers[0];
    expect(c.ports[0].containerPort).toBe(Number(env.PORT));
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid, fsGroup: gid });
    expect(c.volumeMounts).toEqual([{ name: 'data', mountPath: volume }]);
    expect(c.env.find((e: { name: string }) => e.name === 'KUBELAB_DATA_DIR').value).toBe(volume);
    expect([c.startupProbe.httpGet.path, c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path]).toEqual(['/healthz', '/healthz', '/readyz']);
    expect(sts.spec.replicas).toBe(3);
    expect(byKind(rendered['external PostgreSQL with an egress CIDR, TLS, five shards, extra env'], 'StatefulSet')[0].spec.replicas).toBe(5);
  });

  it('a stop that fits the grace period: preStop sleep plus the shutdown deadline', () => {
    const pod = byKind(rendered['bundled PostgreSQL (defaults)'], 'StatefulSet').find((x) => x.metadata.name === 'kubelab')!.spec.template.spec;
    const c = pod.containers[0];
    const preStop = Number(c.lifecycle.preStop.exec.command[1]);
    const shutdown = Number(c.env.find((e: { name: string }) => e.name === 'KUBELAB_SHUTDOWN_SECONDS').value);
    expect(preStop + shutdown).toBeLessThan(pod.terminationGracePeriodSeconds);
  });

  it('two Ingresses for ingress-nginx: pages hashed by the learner cookie, /k8s by the cluster id, streams not cut or buffered', () => {
    const [pages, k8s] = byKind(rendered['bundled PostgreSQL (defaults)'], 'Ingress');
    expect(pages.spec.rules[0].http.paths[0].path).toBe('/');
    expect(k8s.spec.rules[0].http.paths[0].path).toBe('/k8s');
    // One shard key for both (lib/deploy/nginx-shards.ts): a learner's pages and kubectl reach one shard.
    expect(pages.metadata.annotations['nginx.ingress.kubernetes.io/upstream-hash-by']).toBe(SHARD_KEY_VARIABLE);
    expect(k8s.metadata.annotations['nginx.ingress.kubernetes.io/upstream-hash-by']).toBe(SHARD_KEY_VARIABLE);
    for (const ing of [pages, k8s]) {
      const a = ing.metadata.annotations;
      expect(a['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
      expect(Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
      expect(Number(a['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(3600);
      expect(Number(/^(\d+)m$/.exec(a['nginx.ingress.kubernetes.io/proxy-body-size'])![1]) * 1024 * 1024).toBeGreaterThan(MAX_BODY_BYTES);
      expect(ing.spec.rules[0].host).toBe('kubelab.example.org');
      expect(ing.spec.rules[0].http.paths[0].backend.service.name).toBe('kubelab');
    }
  });

  it('the database URL and instructor token in the Secret, the bundled PostgreSQL\'s URL by default', () => {
    const secret = byKind(rendered['bundled PostgreSQL (defaults)'], 'Secret')[0];
    expect(secret.stringData).toEqual({ 'instructor-token': 'teacher-token-0123456789', 'cookie-key': COOKIE_KEY, 'database-url': 'postgres://kubelab:pg-secret@kubelab-postgresql:5432/kubelab', 'postgresql-password': 'pg-secret' });
    const external = byKind(rendered['external PostgreSQL with an egress CIDR, TLS, five shards, extra env'], 'Secret')[0];
    expect(external.stringData['database-url']).toBe('postgres://kubelab:pw@db.school.example:5432/kubelab');
    const policy = byKind(rendered['external PostgreSQL with an egress CIDR, TLS, five shards, extra env'], 'NetworkPolicy')[0];
    expect(policy.spec.egress.at(-1)).toEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ port: 5432, protocol: 'TCP' }] });
    const sts = byKind(rendered['SQLite per shard, unconfined terminal, no ingress or network policy, existing secret'], 'StatefulSet')[0];
    const env = sts.spec.template.spec.containers[0].env as { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; optional?: boolean } } }[];
    expect(env.find((e) => e.name === 'KUBELAB_DATABASE_URL')!.valueFrom!.secretKeyRef).toMatchObject({ name: 'my-kubelab', optional: true });
    expect(env.find((e) => e.name === 'KUBELAB_COOKIE_KEY')!.valueFrom!.secretKeyRef).toMatchObject({ name: 'my-kubelab', key: 'cookie-key', optional: true });
    expect(env.find((e) => e.name === 'KUBELAB_UNCONFINED_KUBECTL')!.value).toBe('1');
    expect(sts.spec.template.spec.hostUsers).toBeUndefined();
  });

  it('a NetworkPolicy that lets the shards in only from the ingress controller (and each other), out only to DNS, shards and PostgreSQL', () => {
    const [shards] = byKind(rendered['bundled PostgreSQL (defaults)'], 'NetworkPolicy');
    expect(shards.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(shards.spec.ingress[0].from[0]).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } });
    expect(shards.spec.egress.map((e: { ports: { port: number }[] }) => e.ports.map((p) => p.port))).toEqual([[53, 53], [3000], [5432]]);
  });

  it('refuses values it cannot run with, saying which', () => {
    expect(() => renderChart(chartDir, { values: { postgresql: { password: 'x' } } })).toThrow(TemplateFailError);
    expect(() => renderChart(chartDir, { values: { postgresql: { password: 'x' } } })).toThrow(/instructorToken is required/);
    expect(() => renderChart(chartDir, { values: { instructorToken: 'teacher-token-0123456789', cookieKey: COOKIE_KEY } })).toThrow(/postgresql.password is required/);
    // Shards must share the learner cookie key (lib/learners/identity.ts); one shard may make its own.
    expect(() => renderChart(chartDir, { values: { instructorToken: 'teacher-token-0123456789', postgresql: { password: 'x' } } })).toThrow(/cookieKey is required when shards > 1/);
    expect(() => renderChart(chartDir, { values: { instructorToken: 'teacher-token-0123456789', postgresql: { password: 'x' }, shards: 1 } })).not.toThrow();
  });
});

const runKubectl = requireKubectl();

describe.runIf(runKubectl)('the kubelab chart on a sandbox API server', () => {
  let stop: () => Promise<void>;
  let kubeconfig: string;
  let dataDir: string;
  /** Kinds of networking.k8s.io the sandbox serves (none today: then those are checked against kubernetes-types only). */
  let servedNetworking: string[];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-chart-dry-run-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 1, timeScale: 1, dataDir });
    stop = cli.stop;
    kubeconfig = cli.kubeconfigPath;
    const r = await kubectl(kubeconfig, ['api-resources', '--api-group=networking.k8s.io', '--no-headers', '-o', 'wide']);
    servedNetworking = r.stdout.split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/).find((w) => Object.keys(UNSERVED).includes(w))!).filter(Boolean);
  });
  afterAll(async () => {
    await stop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts every object it serves with kubectl apply --dry-run=server, for each value set', async () => {
    for (const [name, docs] of Object.entries(rendered)) {
      const served = docs.filter((d) => !(String(d.object.kind) in UNSERVED) || servedNetworking.includes(String(d.object.kind)));
      const manifest = served.map((d) => YAML.stringify(d.object)).join('---\n');
      const r = await kubectl(kubeconfig, ['apply', '--dry-run=server', '-f', '-'], manifest);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines, name).toEqual(served.map((d) => `${String(d.object.kind).toLowerCase()}${gvk(d.object).group ? `.${gvk(d.object).group}` : ''}/${(d.object.metadata as { name: string }).name} created (server dry run)`));
    }
    // Nothing was created: it was a dry run.
    expect((await kubectl(kubeconfig, ['get', 'statefulsets,services,secrets', '-l', 'app.kubernetes.io/instance=kubelab', '-o', 'name'])).stdout.trim()).toBe('');
  }, 60_000);

  it('would refuse a rendered object with a field Kubernetes does not have (the dry run checks, not only parses)', async () => {
    const sts = structuredClone(rendered['bundled PostgreSQL (defaults)'].find((d) => d.object.kind === 'StatefulSet' && (d.object.metadata as { name: string }).name === 'kubelab')!.object) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    sts.spec.template.spec.containers[0].readinesProbe = sts.spec.template.spec.containers[0].readinessProbe;
    const r = await kubectl(kubeconfig, ['apply', '--dry-run=server', '-f', '-'], YAML.stringify(sts));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('readinesProbe');
  });

});
