import { describe, expect, it } from 'vitest';
import { editorSchema } from './editor-schema';

describe('the editor schema', () => {
  it('dispatches on apiVersion and kind to each served kind and offers them as enums', () => {
    const s = editorSchema();
    expect(s.properties.kind.enum).toEqual(expect.arrayContaining(['CronJob', 'DaemonSet', 'Job', 'Pod', 'StatefulSet']));
    expect(s.properties.kind.enum).not.toContain('PodList');
    expect(s.properties.apiVersion.enum).toEqual(expect.arrayContaining(['v1', 'apps/v1', 'batch/v1']));
    const job = s.allOf.find((c) => JSON.stringify(c).includes('"const":"Job"')) as { if: unknown; then: { $ref: string } };
    expect(job.then.$ref).toBe('#/definitions/io.k8s.api.batch.v1.Job');
    expect(s.definitions['io.k8s.api.batch.v1.Job']).toBeDefined();
  });
});
