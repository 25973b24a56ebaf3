/**
 * The sandbox's `kubelab.omitManagedFields` parameter on lists (the bench's stream sends it; a
 * learner's kubectl can too, with --raw): it changes only what is sent, never what is checked.
 * Bad selectors and limits are refused as without it, a Table is still a Table, another
 * cluster stays out of reach, and the stored versions stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../lib/k8s/sandbox/integration/support/test-server';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { OMIT_MANAGED_FIELDS_PARAM } from '../../lib/k8s/sandbox/pure';

const P = `${OMIT_MANAGED_FIELDS_PARAM}=true`;

describe('hostile: the sandbox\'s list parameter', () => {
  let s: TestServer;
  let other: TestServer;
  const get = (server: TestServer, query: string, headers: Record<string, string> = {}) => fetch(`${server.url}/api/v1/namespaces/default/configmaps${query}`, { headers });

  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'hostile-list-param' }));
    other = await startTestServer(sandboxParts({ clusterId: 'hostile-list-param-other' }));
    await fetch(`${other.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'secret-of-b' }, data: { k: 'v' } }) });
  });
  afterAll(async () => {
    await s?.close();
    await other?.close();
  });

  it('refuses a bad label selector or limit exactly as a plain list does', async () => {
    for (const bad of ['labelSelector=a%3D%3D%3Db%2C%2C', 'limit=abc', 'limit=-1']) {
      const plain = await get(s, `?${bad}`);
      const omitted = await get(s, `?${bad}&${P}`);
      expect(omitted.status).toBe(400);
      expect(omitted.status).toBe(plain.status);
      expect(await omitted.text()).toBe(await plain.text());
    }
  });

  it('still answers a Table when kubectl asks for one', async () => {
    const res = await get(s, `?${P}`, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { kind: string }).kind).toBe('Table');
  });

  it('reaches no other cluster: another cluster\'s path with this token is refused, and this list has none of its objects', async () => {
    const foreign = other.url.replace(/token-[^/]+/, `token-${s.token}`);
    const res = await fetch(`${foreign}/api/v1/namespaces/default/configmaps?${P}`);
    expect(res.status).toBe(401);
    expect(await (await get(s, `?${P}`)).text()).not.toContain('secret-of-b');
  });

  it('leaves the stored versions as they were, for every later reader', async () => {
    await fetch(`${s.url}/api/v1/namespaces/default/configmaps/applied?fieldManager=kubectl&force=true`, { method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { a: '1' } }) });
    for (let i = 0; i < 3; i++) await get(s, `?${P}`);
    const one = (await (await fetch(`${s.url}/api/v1/namespaces/default/configmaps/applied`)).json()) as { metadata: { managedFields?: { manager: string }[] } };
    expect(one.metadata.managedFields?.map((m) => m.manager)).toEqual(['kubectl']);
  });
});
