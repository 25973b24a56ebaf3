import { describe, expect, it } from 'vitest';
import { TYPES } from '../sandbox/apiserver/patch/merge-keys';
import { LIST_SEMANTICS } from './list-semantics';
import { openApiV2, openApiV3Document } from './openapi';

type Props = Record<string, Record<string, unknown>>;
const v3 = (gv: string, def: string) => ((openApiV3Document(gv) as { components: { schemas: Record<string, { properties: Props }> } }).components.schemas[def].properties);
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

  it('names only fields the generated schemas have', () => {
    for (const [def, fields] of Object.entries(LIST_SEMANTICS)) {
      const gv = def.includes('.apps.') ? 'apis/apps/v1' : def.includes('.batch.') ? 'apis/batch/v1' : 'api/v1';
      const props = v3(gv, def);
      for (const field of Object.keys(fields)) expect(props[field], `${def}.${field}`).toBeDefined();
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
