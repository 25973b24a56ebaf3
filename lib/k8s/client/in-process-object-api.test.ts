import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../sandbox/integration/support/test-server';
import { sandboxParts } from '../sandbox/parts';
import { clusterObjectApi } from '../../lab/cluster-object-api';
import { apiFailure } from './api-errors';
import { InProcessApiError, UnrecognizedKindError } from './in-process-object-api';
import type { ObjectSpec } from './object-api';

const cm = (name: string, data: Record<string, string> = {}): ObjectSpec => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data } as ObjectSpec);

describe('the in-process ObjectApi of a sandbox cluster', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'in-process-object-api' }));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('applies as the kubelab field manager and reads back what it applied', async () => {
    const api = clusterObjectApi(s.cluster);
    const applied = await api.apply(cm('one', { a: '1' }), false);
    expect(applied.metadata?.managedFields?.map((f) => f.manager)).toEqual(['kubelab']);
    const read = await api.read(cm('one'));
    expect((read as { data?: object }).data).toEqual({ a: '1' });
  });

  it('fails a read of a missing object with the API server\'s 404 Status, as apiFailure reads it', async () => {
    const err = await clusterObjectApi(s.cluster).read(cm('missing')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InProcessApiError);
    expect(apiFailure(err)).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "missing" not found' });
  });

  it('leaves the cluster unchanged on a dry run', async () => {
    const api = clusterObjectApi(s.cluster);
    const after = await api.apply(cm('dry', { a: '1' }), true);
    expect((after as { data?: object }).data).toEqual({ a: '1' });
    expect(apiFailure(await api.read(cm('dry')).catch((e: unknown) => e)).code).toBe(404);
  });

  it('deletes in the background and names a kind the cluster does not serve the way client-node does', async () => {
    const api = clusterObjectApi(s.cluster);
    await api.apply(cm('gone'), false);
    await api.delete(cm('gone'));
    expect(apiFailure(await api.read(cm('gone')).catch((e: unknown) => e)).code).toBe(404);
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } } as ObjectSpec;
    await expect(api.read(widget)).rejects.toThrow(new UnrecognizedKindError('example.com/v1', 'Widget').message);
  });
});
