import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { serverSideApply } from './server-side-apply';
import { trackUpdate } from './track-update';
import { catchStatusError } from '../../status-error.testing';

const gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
const time = '2026-01-01T00:00:00Z';

function deployment(replicas: number, image: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, ...extra },
    spec: { replicas, template: { spec: { containers: [{ name: 'nginx', image }] } } },
  } as KubeObject;
}

const conflictOf = catchStatusError;

type Managed = { manager: string; operation: string; fieldsType: string; fieldsV1: Record<string, unknown> }[];
const managed = (o: KubeObject) => (o.metadata as { managedFields: Managed }).managedFields;

describe('serverSideApply', () => {
  it('creates an object from nothing and records FieldsV1 ownership with list-map keys', () => {
    const out = serverSideApply({ live: undefined, applied: deployment(2, 'nginx:1'), manager: 'kubectl', force: false, gvk, time });
    expect(managed(out)).toEqual([{
      manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time, fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } } },
    }]);
  });

  it('conflicts with another manager that owns a field set to a different value, in API server wording', () => {
    const live = trackUpdate({ before: undefined, after: deployment(2, 'nginx:1'), manager: 'kubectl-client-side-apply', gvk, time, operation: 'Update' });
    const e = conflictOf(() => serverSideApply({ live, applied: deployment(3, 'nginx:1'), manager: 'kubectl', force: false, gvk, time }));
    expect(e.code).toBe(409);
    expect(e.reason).toBe('Conflict');
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    expect(e.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }]);
  });

  it('shares ownership without conflict when the values agree', () => {
    const live = trackUpdate({ before: undefined, after: deployment(2, 'nginx:1'), manager: 'editor', gvk, time, operation: 'Update' });
    const out = serverSideApply({ live, applied: deployment(2, 'nginx:1'), manager: 'kubectl', force: false, gvk, time });
    expect(managed(out).map((m) => m.manager)).toEqual(['editor', 'kubectl']);
  });

  it('moves ownership when forced', () => {
    const live = trackUpdate({ before: undefined, after: deployment(2, 'nginx:1'), manager: 'editor', gvk, time, operation: 'Update' });
    const out = serverSideApply({ live, applied: deployment(3, 'nginx:2'), manager: 'kubectl', force: true, gvk, time });
    expect((out as unknown as { spec: { replicas: number } }).spec.replicas).toBe(3);
    const editor = managed(out).find((m) => m.manager === 'editor')!;
    expect(editor.fieldsV1['f:spec']).toEqual({ 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:name': {} } } } } });
  });

  it('removes fields the manager stopped applying when no one else owns them', () => {
    const first = serverSideApply({ live: undefined, applied: deployment(2, 'nginx:1', { annotations: { note: 'x' } }), manager: 'kubectl', force: false, gvk, time });
    const out = serverSideApply({ live: first, applied: deployment(2, 'nginx:1'), manager: 'kubectl', force: false, gvk, time });
    expect((out.metadata as { annotations?: Record<string, string> }).annotations).toEqual({});
  });

  it('keeps a dropped field that another manager also owns', () => {
    const first = serverSideApply({ live: undefined, applied: deployment(2, 'nginx:1'), manager: 'a', force: false, gvk, time });
    const both = serverSideApply({ live: first, applied: deployment(2, 'nginx:1'), manager: 'b', force: false, gvk, time });
    const noReplicas = deployment(2, 'nginx:1');
    delete (noReplicas as unknown as { spec: { replicas?: number } }).spec.replicas;
    const out = serverSideApply({ live: both, applied: noReplicas, manager: 'a', force: false, gvk, time });
    expect((out as unknown as { spec: { replicas: number } }).spec.replicas).toBe(2);
  });

  it('does not let an applier own server-set metadata or status', () => {
    const applied = { ...deployment(1, 'x', { uid: 'u', resourceVersion: '5' }), status: { replicas: 1 } } as KubeObject;
    const out = serverSideApply({ live: undefined, applied, manager: 'kubectl', force: false, gvk, time });
    const f = managed(out)[0].fieldsV1;
    expect(Object.keys(f)).toEqual(['f:metadata', 'f:spec']);
    expect(Object.keys(f['f:metadata'] as object)).toEqual(['f:labels']);
  });
});

describe('trackUpdate', () => {
  it('gives changed fields to the updating manager and takes them from the previous owner', () => {
    const created = trackUpdate({ before: undefined, after: deployment(2, 'nginx:1'), manager: 'kubectl-create', gvk, time, operation: 'Update' });
    const edited = trackUpdate({ before: created, after: { ...deployment(5, 'nginx:1'), metadata: created.metadata } as KubeObject, manager: 'kubectl-edit', gvk, time: '2026-01-02T00:00:00Z', operation: 'Update' });
    const edit = managed(edited).find((m) => m.manager === 'kubectl-edit')!;
    expect(edit.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(edit.fieldsType).toBe('FieldsV1');
    const create = managed(edited).find((m) => m.manager === 'kubectl-create')!;
    expect((create.fieldsV1['f:spec'] as Record<string, unknown>)['f:replicas']).toBeUndefined();
  });
});
