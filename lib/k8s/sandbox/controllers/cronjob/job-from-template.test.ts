import { describe, expect, it } from 'vitest';
import type { CronJob } from 'kubernetes-types/batch/v1';
import { jobFromTemplate, jobNameFor, rfc1123z, rfc3339InZone } from './job-from-template';

describe('Jobs from a CronJob template', () => {
  it('names the Job after the scheduled time in unix minutes', () => {
    expect(jobNameFor('hello', Date.parse('2024-01-01T00:00:00Z'))).toBe('hello-28401120');
  });

  it.each([
    ['UTC', '2025-01-01T09:00:00Z'],
    ['Asia/Tokyo', '2025-01-01T18:00:00+09:00'],
    ['America/New_York', '2025-01-01T04:00:00-05:00'],
    ['Asia/Kolkata', '2025-01-01T14:30:00+05:30'],
    ['Europe/London', '2025-01-01T09:00:00Z'],
  ])('writes the scheduled timestamp in %s as %s', (tz, text) => {
    expect(rfc3339InZone(Date.parse('2025-01-01T09:00:00Z'), tz)).toBe(text);
  });

  it('prints missed times as RFC1123Z', () => {
    expect(rfc1123z(Date.parse('2025-01-01T00:01:00Z'))).toBe('Wed, 01 Jan 2025 00:01:00 +0000');
  });

  it('copies template labels and annotations and owns the Job', () => {
    const cj: CronJob = {
      metadata: { name: 'hello', namespace: 'default', uid: 'u1' },
      spec: { schedule: '* * * * *', jobTemplate: { metadata: { labels: { app: 'hi' }, annotations: { note: 'x' } }, spec: { template: { spec: { containers: [] } } } } },
    };
    expect(jobFromTemplate(cj, Date.parse('2025-01-01T00:01:00Z')).metadata).toEqual({
      name: 'hello-28928161',
      namespace: 'default',
      labels: { app: 'hi' },
      annotations: { note: 'x', 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2025-01-01T00:01:00Z' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    });
  });
});
