import { describe, expect, it } from 'vitest';
import { KINDS, groupVersionPath, k8sPackageOf } from './kinds';
import { openApiV2, openApiV3Document, openApiV3Index } from './openapi';

type Op = { 'x-kubernetes-action'?: string; 'x-kubernetes-group-version-kind'?: unknown; parameters?: { name: string }[]; responses?: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> };
type Doc = { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, { description?: string; 'x-kubernetes-group-version-kind'?: unknown; properties?: Record<string, unknown> }> } };

const refsIn = (node: unknown, out = new Set<string>()): Set<string> => {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) if (k === '$ref' && typeof v === 'string') out.add(v);
    else refsIn(v, out);
  }
  return out;
};

describe('openApiV3Index', () => {
  it('lists every group-version under the cluster prefix', () => {
    const index = openApiV3Index('/k8s/abc');
    for (const gv of ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/discovery.k8s.io/v1', 'apis/events.k8s.io/v1', 'apis/scheduling.k8s.io/v1', 'apis/storage.k8s.io/v1', 'apis/policy/v1', 'apis/coordination.k8s.io/v1']) {
      expect(index.paths[gv].serverRelativeURL).toMatch(new RegExp(`^/k8s/abc/openapi/v3/${gv.replace(/\./g, '\\.')}\\?hash=`));
    }
    expect(openApiV3Index('').paths['api/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=/);
  });
});

describe('openApiV3Document', () => {
  it('describes every served kind with real-looking paths, actions and GVKs', () => {
    for (const k of KINDS) {
      const doc = openApiV3Document(groupVersionPath(k)) as Doc;
      const ns = k.namespaced ? '/namespaces/{namespace}' : '';
      const item = `/${groupVersionPath(k)}${ns}/${k.plural}/{name}`;
      expect(doc.paths[item]?.get?.['x-kubernetes-action'], item).toBe('get');
      expect(doc.paths[item].patch['x-kubernetes-group-version-kind']).toEqual({ group: k.group, version: k.version, kind: k.kind });
      expect(doc.paths[`/${groupVersionPath(k)}${ns}/${k.plural}`].get['x-kubernetes-action']).toBe('list');
      expect(doc.paths[`/${groupVersionPath(k)}/watch${ns}/${k.plural}`].get['x-kubernetes-action']).toBe('watchlist');
      for (const sub of k.subresources) expect(doc.paths[`${item}/${sub}`].put['x-kubernetes-action']).toBe('put');
      expect(doc.components.schemas[`${k8sPackageOf(k.module)}.${k.kind}`]['x-kubernetes-group-version-kind']).toEqual([{ group: k.group, version: k.version, kind: k.kind }]);
    }
  });

  it('offers dryRun, fieldManager and fieldValidation on create, update and patch (kubectl looks for fieldValidation on patch)', () => {
    const doc = openApiV3Document('apis/apps/v1') as Doc;
    const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}'];
    for (const op of [item.put, item.patch, doc.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets'].post]) {
      expect(op.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['dryRun', 'fieldManager', 'fieldValidation']));
    }
    expect(doc.paths['/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/scale'].get.responses?.['200'].content?.['application/json'].schema.$ref).toBe('#/components/schemas/io.k8s.api.autoscaling.v1.Scale');
  });

  it('carries only schemas its group-version reaches, and every reference resolves', () => {
    const doc = openApiV3Document('apis/batch/v1') as Doc;
    const names = Object.keys(doc.components.schemas);
    expect(names).toContain('io.k8s.api.batch.v1.CronJob');
    expect(names).toContain('io.k8s.api.core.v1.PodSpec');
    expect(names).not.toContain('io.k8s.api.apps.v1.DaemonSet');
    for (const ref of refsIn(doc)) expect(names).toContain(ref.replace('#/components/schemas/', ''));
    expect(doc.components.schemas['io.k8s.api.batch.v1.JobSpec'].properties).toHaveProperty('backoffLimit');
    expect(doc.components.schemas['io.k8s.api.batch.v1.CronJob'].description).toMatch(/single cron job/);
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toEqual(expect.objectContaining({ format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] }));
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).not.toHaveProperty('type');
  });

  it('has no document for a group-version we do not serve', () => {
    expect(openApiV3Document('apis/networking.k8s.io/v1')).toBeUndefined();
  });
});

describe('openApiV2', () => {
  it('is swagger 2.0 with definitions carrying GVKs and every reference resolving', () => {
    const doc = openApiV2() as { swagger: string; paths: Record<string, Record<string, { parameters: { in: string; name: string }[] }>>; definitions: Record<string, { 'x-kubernetes-group-version-kind'?: unknown }> };
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.apps.v1.StatefulSet']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'StatefulSet' }]);
    for (const ref of refsIn(doc)) expect(doc.definitions).toHaveProperty([ref.replace('#/definitions/', '')]);
    const post = doc.paths['/api/v1/namespaces/{namespace}/pods'].post;
    expect(post.parameters.find((p) => p.in === 'body')).toBeDefined();
    expect(post.parameters.map((p) => p.name)).toContain('fieldValidation');
  });
});
