import { describe, expect, it } from 'vitest';
import { TYPES } from '../sandbox/apiserver/patch/merge-keys';
import { applyStrategicMergePatch } from '../sandbox/apiserver/patch';
import { LIST_SEMANTICS } from './list-semantics';
import { openApiV2, openApiV3Document } from './openapi';

type Props = Record<string, Record<string, unknown>>;
const v3 = (gv: string, def: string) => ((openApiV3Document(gv) as { components: { schemas: Record<string, { properties: Props }> } }).components.schemas[def].properties);
/** The served group-version document that carries a definition (core types appear in several). */
const GROUP_VERSIONS = ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/policy/v1', 'apis/discovery.k8s.io/v1', 'apis/storage.k8s.io/v1', 'apis/scheduling.k8s.io/v1', 'apis/coordination.k8s.io/v1', 'apis/events.k8s.io/v1'];
const anyV3 = (def: string): Props | undefined => {
  for (const gv of GROUP_VERSIONS) {
    const schemas = (openApiV3Document(gv) as { components: { schemas: Record<string, { properties: Props }> } } | undefined)?.components.schemas;
    if (schemas?.[def]) return schemas[def].properties;
  }
  return undefined;
};
const v2 = (def: string) => ((openApiV2() as { definitions: Record<string, { properties: Props }> }).definitions[def].properties);

describe('served list semantics', () => {
  it('publishes containers merged by name and ports keyed by containerPort and protocol, as upstream v1.32 does', () => {
    for (const props of [v3('api/v1', 'io.k8s.api.core.v1.PodSpec'), v2('io.k8s.api.core.v1.PodSpec')]) {
      expect(props.containers).toMatchObject({ 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-list-type': 'map', 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' });
      expect(props.volumes['x-kubernetes-patch-strategy']).toBe('merge,retainKeys');
      expect(props.tolerations['x-kubernetes-list-type']).toBe('atomic');
    }
    expect(v3('apis/apps/v1', 'io.k8s.api.core.v1.Container').ports).toMatchObject({ 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'], 'x-kubernetes-patch-merge-key': 'containerPort' });
    expect(v3('api/v1', 'io.k8s.api.core.v1.ServiceSpec').ports).toMatchObject({ 'x-kubernetes-list-map-keys': ['port', 'protocol'], 'x-kubernetes-patch-merge-key': 'port' });
    expect(v3('apis/apps/v1', 'io.k8s.api.apps.v1.DeploymentSpec').strategy['x-kubernetes-patch-strategy']).toBe('retainKeys');
    expect(v2('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').finalizers).toMatchObject({ 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' });
  });

  it('publishes the lists upstream marks unusually: hostIPs atomic though merged by ip, a PDB selector replaced whole, ServiceAccount secrets merged by name', () => {
    expect(v3('api/v1', 'io.k8s.api.core.v1.PodStatus').hostIPs).toMatchObject({ 'x-kubernetes-list-type': 'atomic', 'x-kubernetes-patch-merge-key': 'ip', 'x-kubernetes-patch-strategy': 'merge' });
    expect(v3('api/v1', 'io.k8s.api.core.v1.PodStatus').hostIPs['x-kubernetes-list-map-keys']).toBeUndefined();
    expect(anyV3('io.k8s.api.policy.v1.PodDisruptionBudgetSpec')!.selector['x-kubernetes-patch-strategy']).toBe('replace');
    expect(v3('api/v1', 'io.k8s.api.core.v1.ServiceAccount').secrets).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-patch-merge-key': 'name' });
    expect(v3('api/v1', 'io.k8s.api.core.v1.ServiceAccount').imagePullSecrets['x-kubernetes-list-type']).toBe('atomic');
    // The server merges what it publishes: a strategic merge patch adds a ServiceAccount secret beside the others.
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, secrets: [{ name: 'a' }] };
    expect(applyStrategicMergePatch(sa, { secrets: [{ name: 'b' }] }, { group: '', version: 'v1', kind: 'ServiceAccount' })).toMatchObject({ secrets: [{ name: 'a' }, { name: 'b' }] });
  });

  it('names only fields the generated schemas have', () => {
    for (const [def, fields] of Object.entries(LIST_SEMANTICS)) {
      const props = anyV3(def);
      expect(props, def).toBeDefined();
      for (const field of Object.keys(fields)) expect(props![field], `${def}.${field}`).toBeDefined();
    }
  });

  it('agrees with the merge keys the server uses for strategic merge patches', () => {
    const short = (def: string) => def.split('.').pop() as string;
    for (const [def, fields] of Object.entries(LIST_SEMANTICS)) {
      const serverType = TYPES[short(def)] ?? (/(Deployment|ReplicaSet|StatefulSet|DaemonSet|Job)Status$/.test(def) ? TYPES.WorkloadStatus : undefined);
      const served = short(def) === 'EphemeralContainer' ? TYPES.Container : serverType;
      for (const [field, s] of Object.entries(fields)) {
        const merged = s.patchStrategy?.split(',').includes('merge') ? (s.patchMergeKey ?? '') : undefined;
        expect(served?.[field]?.mergeKey, `${def}.${field}`).toBe(merged);
      }
    }
  });
});
