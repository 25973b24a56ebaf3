import { describe, expect, it } from 'vitest';
import { StatusError } from '../../errors';
import { findKind } from '../../registry';
import type { KubeObject } from '../../types';
import { admit, type AdmissionContext } from './index';

const namespaces: Record<string, KubeObject> = {
  default: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } },
  gone: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone', deletionTimestamp: '2026-01-01T00:00:00Z' } },
};
const priorityClasses: KubeObject[] = [{ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 }];
const ctx: AdmissionContext = {
  get: (group, resource, _ns, name) =>
    resource === 'namespaces' ? namespaces[name] : resource === 'priorityclasses' ? priorityClasses.find((p) => p.metadata.name === name) : undefined,
  list: (_g, resource) => (resource === 'priorityclasses' ? priorityClasses : []),
  allocateClusterIP: () => '10.96.0.10',
  newUid: () => 'uid-1',
};

function admitted(obj: KubeObject, old?: KubeObject): KubeObject {
  admit(findKind(obj.apiVersion, obj.kind)!, obj, old, ctx);
  return obj;
}

function rejection(obj: KubeObject, old?: KubeObject): StatusError {
  try {
    admitted(obj, old);
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected admission to refuse the object');
}

const pod = (image: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image }], ...extra },
});

const job = (restartPolicy?: string): KubeObject => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' },
  spec: { template: { spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'c', image: 'busybox' }] } } },
});

describe('pod defaults', () => {
  it.each([
    ['busybox', 'Always'],
    ['busybox:latest', 'Always'],
    ['busybox:1.36', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['busybox@sha256:abc', 'IfNotPresent'],
  ])('defaults imagePullPolicy for %s to %s', (image, policy) => {
    expect((admitted(pod(image)).spec as { containers: { imagePullPolicy: string }[] }).containers[0].imagePullPolicy).toBe(policy);
  });

  it('fills the kubelet and scheduler defaults and the not-ready/unreachable tolerations', () => {
    const spec = admitted(pod('nginx:1.27')).spec as Record<string, unknown>;
    expect(spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler', serviceAccountName: 'default', enableServiceLinks: true, priority: 0 });
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('requests what a container limits but does not request, on a Pod, keys sorted as Go writes a map', () => {
    const limited = pod('nginx:1.27');
    (limited.spec as { containers: Record<string, unknown>[] }).containers[0].resources = { requests: { memory: '64Mi' }, limits: { memory: '128Mi', cpu: '500m' } };
    const resources = (admitted(limited).spec as { containers: { resources: { requests: Record<string, string> } }[] }).containers[0].resources;
    expect(resources.requests).toEqual({ cpu: '500m', memory: '64Mi' });
    expect(Object.keys(resources.requests)).toEqual(['cpu', 'memory']);
  });

  it('keeps the Pod-only defaults out of pod templates, as SetDefaults_Pod does', () => {
    const j = job('Never');
    (j.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0].resources = { limits: { cpu: '1' } };
    const spec = (admitted(j).spec as { template: { spec: Record<string, unknown> & { containers: { resources: unknown }[] } } }).template.spec;
    expect(spec).not.toHaveProperty('enableServiceLinks');
    expect(spec.containers[0].resources).toEqual({ limits: { cpu: '1' } });
  });

  it('resolves priority from priorityClassName', () => {
    expect((admitted(pod('nginx', { priorityClassName: 'high' })).spec as { priority: number }).priority).toBe(1000);
  });
});

describe('pod updates', () => {
  const live = admitted(pod('nginx:1.27'));
  const edited = (change: (p: KubeObject) => void): KubeObject => {
    const next = structuredClone(live);
    change(next);
    return next;
  };

  it('lets labels, finalizers and the image change, and a spec written with its keys in another order', () => {
    expect(() => admitted(edited((p) => (p.metadata.labels = { app: 'web' })), live)).not.toThrow();
    expect(() => admitted(edited((p) => ((p.spec as { containers: { image: string }[] }).containers[0].image = 'nginx:1.28')), live)).not.toThrow();
    const reordered = edited((p) => (p.spec = Object.fromEntries(Object.entries(p.spec as object).reverse())));
    expect(() => admitted(reordered, live)).not.toThrow();
  });

  it('refuses any other spec change in the API server wording', () => {
    const err = rejection(edited((p) => ((p.spec as { restartPolicy: string }).restartPolicy = 'Never')), live);
    expect(err.code).toBe(422);
    expect(err.message).toContain('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`');
  });
});

describe('job defaults and validation', () => {
  it('defaults completions, parallelism, backoffLimit and generates the selector and labels', () => {
    const j = admitted(job('Never'));
    const spec = j.spec as Record<string, unknown>;
    expect(spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-1' } });
    expect(j.metadata.labels).toEqual({ 'batch.kubernetes.io/controller-uid': 'uid-1', 'batch.kubernetes.io/job-name': 'j', 'controller-uid': 'uid-1', 'job-name': 'j' });
  });

  it('refuses restartPolicy Always in the API server wording', () => {
    expect(rejection(job('Always')).message).toBe('Job "j" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
  });

  it('refuses a changed template as immutable', () => {
    const old = admitted(job('Never'));
    const next = structuredClone(old);
    ((next.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]).image = 'other';
    expect(rejection(next, old).message).toContain('spec.template: Invalid value:');
    expect(rejection(next, old).message).toContain('field is immutable');
  });

  it('refuses a podFailurePolicy added after creation as immutable, as validateJobSpecUpdate does', () => {
    const old = admitted(job('Never'));
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).podFailurePolicy = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [75] } }] };
    expect(rejection(next, old).message).toContain('spec.podFailurePolicy: Invalid value:');
    expect(rejection(next, old).message).toContain('field is immutable');
  });
});

describe('apps validation and namespaces', () => {
  it('refuses a selector that does not match the template labels', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    };
    expect(rejection(d).message).toBe('Deployment "d" is invalid: spec.template.metadata.labels: Invalid value: {"app":"b"}: `selector` does not match template `labels`');
  });

  it('defaults deployment strategy, history and progress deadline', () => {
    const d = admitted({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    });
    expect(d.spec).toMatchObject({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
  });

  it('refuses objects in a missing or terminating namespace', () => {
    expect(rejection({ ...pod('i'), metadata: { name: 'p', namespace: 'nope' } }).message).toBe('namespaces "nope" not found');
    const e = rejection({ ...pod('i'), metadata: { name: 'p', namespace: 'gone' } });
    expect(e.code).toBe(403);
    expect(e.message).toContain('because it is being terminated');
  });

  it('allocates a cluster IP and defaults service ports', () => {
    const svc = admitted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] });
  });

  it('refuses names that are not DNS-1123', () => {
    expect(rejection({ ...pod('i'), metadata: { name: 'Bad_Name', namespace: 'default' } }).message).toContain('metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
  });
});
