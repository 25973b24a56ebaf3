import { describe, expect, it } from 'vitest';
import { checkManifest } from './manifest-rules';

const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } } };

describe('checkManifest', () => {
  it('passes a sound Job', () => {
    expect(checkManifest(job)).toEqual([]);
  });

  it('rejects a Job that would restart Always, in the API server words', () => {
    const bad = structuredClone(job);
    delete (bad.spec.template.spec as Record<string, unknown>).restartPolicy;
    expect(checkManifest(bad)).toEqual([
      { path: ['spec', 'template', 'spec', 'restartPolicy'], field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"' },
    ]);
  });

  it('rejects a container name that is not a DNS-1123 label', () => {
    const bad = structuredClone(job);
    bad.spec.template.spec.containers[0].name = 'Worker_1';
    expect(checkManifest(bad).map((p) => p.field)).toEqual(['spec.template.spec.containers[0].name']);
  });

  it('rejects a selector that does not match the template labels', () => {
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } };
    expect(checkManifest(ds)[0].message).toContain('`selector` does not match template `labels`');
  });

  it('rejects unpinned and unknown images', () => {
    const bad = structuredClone(job);
    bad.spec.template.spec.containers = [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'worker:latest' }];
    expect(checkManifest(bad).map((p) => p.field)).toEqual([
      'spec.template.spec.containers[0].image',
      'spec.template.spec.containers[1].image',
      'spec.template.spec.containers[1].image',
    ]);
  });

  it('rejects a StatefulSet without serviceName and a CronJob with a bad schedule', () => {
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } };
    expect(checkManifest(sts).map((p) => p.field)).toEqual(['spec.serviceName']);
    const cj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '*/5 * * *', jobTemplate: { spec: job.spec } } };
    expect(checkManifest(cj).map((p) => p.field)).toEqual(['spec.schedule']);
  });

  it('rejects names that are not DNS-1123', () => {
    expect(checkManifest({ ...job, metadata: { name: 'My_Job' } }).map((p) => p.field)).toEqual(['metadata.name']);
  });
});
