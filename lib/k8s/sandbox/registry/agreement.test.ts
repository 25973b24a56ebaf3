import { describe, expect, it } from 'vitest';
import { CLUSTER_SCOPED } from '../../client/apply';
import { KINDS } from '../../schemas/kinds';
import { WATCHED } from '../../watch/resources';
import { ALL_KINDS, apiVersionOf, findKind } from './index';
import { GR } from './group-resources';

/**
 * The layers that also serve real clusters (lib/k8s/schemas, lib/k8s/watch, lib/k8s/client)
 * keep their own lists of kinds and may not import the sandbox; these tests hold them to the
 * sandbox's registry, the one list of what the sandbox serves.
 */
describe('the kinds outside the sandbox agree with its registry', () => {
  it('generates a schema for every registered kind and for no other, with the same plural, scope and status/scale subresources', () => {
    const key = (k: { group: string; version: string; kind: string }) => `${k.group}/${k.version}/${k.kind}`;
    const schemas = new Map(KINDS.map((k) => [key(k), k]));
    expect([...schemas.keys()].sort()).toEqual(ALL_KINDS.map(key).sort());
    for (const def of ALL_KINDS) {
      const k = schemas.get(key(def))!;
      expect({ plural: k.plural, namespaced: k.namespaced, subresources: [...k.subresources].sort() }, key(def)).toEqual({
        plural: def.plural,
        namespaced: def.namespaced,
        subresources: def.subresources.filter((s) => s === 'status' || s === 'scale').sort(),
      });
    }
  });

  it('watches on the bench only registered kinds, at the registry\'s paths and scope', () => {
    for (const w of WATCHED) {
      const def = findKind(w.apiVersion, w.kind);
      expect(def, `${w.apiVersion} ${w.kind}`).toBeDefined();
      expect(w.namespaced).toBe(def!.namespaced);
      const base = def!.group ? `/apis/${apiVersionOf(def!)}` : `/api/${def!.version}`;
      expect(w.path).toBe(def!.namespaced ? `${base}/namespaces/{ns}/${def!.plural}` : `${base}/${def!.plural}`);
    }
  });

  it('applies every cluster-scoped registered kind without a namespace, and gives every namespaced one the default', () => {
    for (const def of ALL_KINDS) expect(CLUSTER_SCOPED.has(def.kind), def.kind).toBe(!def.namespaced);
  });

  it('names in GR only registered collections', () => {
    const served = new Set(ALL_KINDS.map((d) => `${d.group}/${d.plural}`));
    for (const [name, gr] of Object.entries(GR)) expect(served.has(`${gr.group}/${gr.resource}`), name).toBe(true);
  });
});
