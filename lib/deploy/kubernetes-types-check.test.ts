import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKubernetesTypes } from './kubernetes-types-check';

const root = path.resolve(import.meta.dirname, '../..');
const ingress = (spec: unknown) => ({ module: 'networking/v1', type: 'Ingress', label: 'ingress', object: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x' }, spec } });

describe('checkKubernetesTypes', () => {
  it('accepts objects that fit their kubernetes-types declaration', () => {
    expect(checkKubernetesTypes([ingress({ rules: [{ host: 'h', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { name: 'http' } } } }] } }] })], root)).toEqual([]);
  }, 30_000);

  it('names unknown fields, wrong types and missing required fields, with the object\'s label', () => {
    const problems = checkKubernetesTypes([
      ingress({ rulez: [] }),
      ingress({ rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { number: '80' } } } }] } }] }),
      ingress({ rules: [{ http: { paths: [{ path: '/', backend: {} }] } }] }),
    ], root);
    expect(problems.length).toBe(3);
    expect(problems[0]).toMatch(/^ingress: .*'"rulez"' does not exist in type 'IngressSpec'/);
    expect(problems[1]).toMatch(/Type 'string' is not assignable to type 'number'/);
    expect(problems[2]).toMatch(/pathType.*missing/);
  }, 30_000);
});
