import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { definitionOf, jsonSchemaFor, schemasPart, servedKinds, validateFields } from './index';
import { KINDS } from './kinds';
import { loadSchemas, SchemasMissingError } from './load';
import { validateAgainst } from './validate';

type Schema = { properties?: Record<string, Schema>; required?: string[]; description?: string; $ref?: string; type?: unknown; format?: string; 'x-kubernetes-group-version-kind'?: unknown };
const defs = () => loadSchemas().definitions as Record<string, Schema>;
const deploymentWith = (container: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...container }] } } },
});

describe('generated schemas', () => {
  it('has a definition with its group-version-kind for every served kind and its list', () => {
    for (const k of KINDS) {
      for (const kind of [k.kind, `${k.kind}List`]) {
        const def = definitionOf({ group: k.group, version: k.version, kind });
        expect(def, `${k.group}/${k.version} ${kind}`).toBeDefined();
        expect(defs()[def!]['x-kubernetes-group-version-kind']).toEqual([{ group: k.group, version: k.version, kind }]);
      }
    }
    expect(servedKinds()).toHaveLength(KINDS.length);
  });

  it('names definitions the Kubernetes way, keeping same-named types of different groups apart', () => {
    expect(definitionOf({ group: 'apps', version: 'v1', kind: 'DaemonSet' })).toBe('io.k8s.api.apps.v1.DaemonSet');
    expect(definitionOf({ group: '', version: 'v1', kind: 'Event' })).toBe('io.k8s.api.core.v1.Event');
    expect(definitionOf({ group: 'events.k8s.io', version: 'v1', kind: 'Event' })).toBe('io.k8s.api.events.v1.Event');
    expect(defs()['io.k8s.api.events.v1.Event'].properties).toHaveProperty('eventTime');
    expect(defs()['io.k8s.api.discovery.v1.EndpointPort'].properties).not.toHaveProperty('targetPort');
    expect(defs()['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties).toHaveProperty('labels');
  });

  it('gives a DaemonSet a spec.template that is a PodTemplateSpec, with descriptions', () => {
    const spec = defs()['io.k8s.api.apps.v1.DaemonSetSpec'];
    expect(spec.properties?.template.$ref).toBe('#/definitions/io.k8s.api.core.v1.PodTemplateSpec');
    expect(spec.required).toEqual(expect.arrayContaining(['selector', 'template']));
    expect(spec.properties?.template.description).toMatch(/object that describes the pod/);
  });

  it('makes Time a date-time string and Quantity and IntOrString accept both forms', () => {
    expect(defs()['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({ type: 'string', format: 'date-time' });
    const quantity = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
    expect(validateAgainst(quantity, '100m')).toEqual([]);
    expect(validateAgainst(quantity, 1)).toEqual([]);
    expect(validateAgainst(quantity, true)).toHaveLength(1);
    const intOrString = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
    expect(validateAgainst(intOrString, 'http')).toEqual([]);
    expect(validateAgainst(intOrString, 8080)).toEqual([]);
    expect(validateAgainst(intOrString, 1.5)).toHaveLength(1);
    expect(defs()['io.k8s.api.core.v1.ServicePort'].properties?.targetPort.$ref).toBe(`#/definitions/${intOrString}`);
  });

  it('says how to generate the schemas when the file is missing', () => {
    expect(() => loadSchemas(path.join('lib', 'k8s', 'schemas', 'generated', 'nope.json'), { fresh: true })).toThrow(SchemasMissingError);
    expect(() => loadSchemas(path.join('nope.json'), { fresh: true })).toThrow(/run npm run gen:schemas/);
    expect(fs.existsSync(path.join('lib', 'k8s', 'schemas', 'generated', 'k8s-schemas.json'))).toBe(true);
  });
});

describe('jsonSchemaFor', () => {
  it('returns a standalone draft-07 schema requiring apiVersion, kind and metadata', () => {
    const schema = jsonSchemaFor({ group: 'batch', version: 'v1', kind: 'CronJob' }) as Schema & { $schema: string; definitions: Record<string, Schema> };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata']));
    expect(schema.properties?.kind).toMatchObject({ enum: ['CronJob'] });
    expect(schema.definitions).toHaveProperty(['io.k8s.api.batch.v1.JobTemplateSpec']);
    expect(schema.definitions).toHaveProperty(['io.k8s.api.core.v1.Container']);
    expect(schema.definitions).not.toHaveProperty(['io.k8s.api.apps.v1.DaemonSetSpec']);
  });

  it('has nothing for a kind we do not serve', () => {
    expect(jsonSchemaFor({ group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' })).toBeUndefined();
  });
});

describe('validateFields', () => {
  it('reports an unknown field with the strict decoder path (no leading dot)', () => {
    const result = validateFields({ group: 'apps', version: 'v1', kind: 'Deployment' }, deploymentWith({ imagePullPolicyy: 'Always' }));
    expect(result).toEqual({ unknownFields: ['spec.template.spec.containers[0].imagePullPolicyy'], typeErrors: [] });
  });

  it('words a type error like encoding/json does', () => {
    const bad = deploymentWith({});
    (bad.spec.template.spec as Record<string, unknown>).containers = 'nginx';
    const { typeErrors } = validateFields({ group: 'apps', version: 'v1', kind: 'Deployment' }, bad);
    expect(typeErrors).toEqual([
      { path: 'spec.template.spec.containers', message: 'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container' },
    ]);
  });

  it('names the scalar type for a mistyped number', () => {
    const { typeErrors } = validateFields({ group: 'apps', version: 'v1', kind: 'Deployment' }, { ...deploymentWith({}), spec: { ...deploymentWith({}).spec, replicas: 'three' } });
    expect(typeErrors).toEqual([{ path: 'spec.replicas', message: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32' }]);
  });

  it('types integers with their Go width and rejects fractions for them', () => {
    expect(defs()['io.k8s.api.core.v1.PodSpec'].properties?.terminationGracePeriodSeconds).toMatchObject({ type: 'integer', format: 'int64' });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], terminationGracePeriodSeconds: 'ten' } };
    expect(validateFields({ group: '', version: 'v1', kind: 'Pod' }, pod).typeErrors).toEqual([
      { path: 'spec.terminationGracePeriodSeconds', message: 'json: cannot unmarshal string into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64' },
    ]);
    expect(validateFields({ group: '', version: 'v1', kind: 'Pod' }, { ...pod, spec: { ...pod.spec, terminationGracePeriodSeconds: 1.5 } }).typeErrors).toHaveLength(1);
  });

  it('leaves required fields to admission and accepts a minimal object', () => {
    expect(validateFields({ group: '', version: 'v1', kind: 'ConfigMap' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } })).toEqual({ unknownFields: [], typeErrors: [] });
    expect(validateFields({ group: 'batch', version: 'v1', kind: 'Job' }, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' } })).toEqual({ unknownFields: [], typeErrors: [] });
  });

  it('is what the sandbox schemas part serves', () => {
    expect(schemasPart.validateFields).toBe(validateFields);
  });
});
