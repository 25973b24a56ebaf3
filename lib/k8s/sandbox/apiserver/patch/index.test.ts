import { describe, expect, it } from 'vitest';
import type { PatchPort } from '../ports';
import { applyPatch } from '../patching';
import type { KubeObject } from '../../types';
import * as engine from './index';

// The API server codes against PatchPort; this keeps the engine assignable to it.
const port: PatchPort = engine;

describe('the patch engine as the API server uses it', () => {
  it('serves a strategic merge patch through the API server patch dispatcher', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }] } } as KubeObject;
    const out = applyPatch(port, 'strategic', pod, { spec: { containers: [{ name: 'b', image: '2' }] } }, { group: '', version: 'v1', kind: 'Pod' });
    expect((out as unknown as { spec: { containers: { image: string }[] } }).spec.containers.map((c) => c.image)).toEqual(['1', '2']);
  });

  it('records an Update manager through the optional trackUpdate', () => {
    const after = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } } as KubeObject;
    const out = port.trackUpdate!({ before: undefined, after, manager: 'kubectl-create', gvk: { group: '', version: 'v1', kind: 'ConfigMap' }, time: '2026-01-01T00:00:00Z', operation: 'Update' });
    expect((out.metadata as { managedFields: unknown[] }).managedFields).toEqual([
      { manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:k': {} } } },
    ]);
  });
});
