import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../integration/support/test-server';
import { sandboxParts } from '../parts';
import { OMIT_MANAGED_FIELDS_PARAM } from './watch-params';

interface List {
  metadata: { resourceVersion: string; continue?: string };
  items: { metadata: { name: string; managedFields?: unknown[]; labels?: Record<string, string> } }[];
}

describe('a list that asks to omit managedFields (the bench\'s stream)', () => {
  let s: TestServer;
  const get = async (query: string): Promise<List> => {
    const res = await fetch(`${s.url}/api/v1/namespaces/default/configmaps${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as List;
  };
  const bare = (l: List) => l.items.map((i) => {
    const { managedFields: _m, ...metadata } = i.metadata;
    return { ...i, metadata };
  });

  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'list-omit' }));
    for (const [name, tier] of [['a', 'web'], ['b', 'db'], ['c', 'web']]) {
      // Server-side apply, as the bench applies: the versions carry managedFields.
      const res = await fetch(`${s.url}/api/v1/namespaces/default/configmaps/${name}?fieldManager=kubelab&force=true`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/apply-patch+yaml' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { tier } }, data: { k: name } }),
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers the same objects without managedFields, at the same resourceVersion', async () => {
    const full = await get('');
    const omitted = await get(`?${OMIT_MANAGED_FIELDS_PARAM}=true`);
    // kube-root-ca.crt is the cluster's own, written without a manager.
    expect(full.items.map((i) => i.metadata.name)).toEqual(['a', 'b', 'c', 'kube-root-ca.crt']);
    expect(full.items.filter((i) => i.metadata.labels?.tier).every((i) => Array.isArray(i.metadata.managedFields) && i.metadata.managedFields.length > 0)).toBe(true);
    expect(omitted.items.some((i) => 'managedFields' in i.metadata)).toBe(false);
    expect(omitted.items).toEqual(bare(full));
    expect(omitted.metadata.resourceVersion).toBe(full.metadata.resourceVersion);
  });

  it('selects by label as a plain list does, and honours the parameter on a page too', async () => {
    const web = await get(`?labelSelector=tier%3Dweb&${OMIT_MANAGED_FIELDS_PARAM}=true`);
    expect(web.items.map((i) => i.metadata.name)).toEqual(['a', 'c']);
    const page = await get(`?limit=2&${OMIT_MANAGED_FIELDS_PARAM}=true`);
    expect(page.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(page.metadata.continue).toEqual(expect.any(String));
    expect(page.items.some((i) => 'managedFields' in i.metadata)).toBe(false);
  });

  it('leaves the stored versions as they were: a later plain list still has their managedFields', async () => {
    await get(`?${OMIT_MANAGED_FIELDS_PARAM}=true`);
    const full = await get('');
    expect(full.items.filter((i) => i.metadata.labels?.tier).every((i) => Array.isArray(i.metadata.managedFields))).toBe(true);
  });
});
