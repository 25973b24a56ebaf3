/**
 * Loads a scenario's broken objects into a learner's cluster: first removes any object of the
 * same name the scenario left before (so loading again undoes a fix, and a Job whose template
 * the learner changed can be created again), then applies the broken manifests through the
 * bench's own apply path (applyManifests: schema check, then server-side apply).
 */
import * as k8s from '@kubernetes/client-node';
import { apiFailure } from '../k8s/client/api-errors';
import { applyManifests, type DocumentResult } from '../k8s/client/apply';
import { parseManifests } from '../k8s/manifests/parse';
import { LabError } from '../lab/errors';
import type { BreakFixScenario } from './definitions';

/** How long a load waits for the previous objects to be gone (a pod's removal is immediate with grace 0). */
export const REMOVAL_WAIT_MS = 10_000;
const POLL_MS = 200;

export class ScenarioBusyError extends LabError {
  constructor(scenario: string, objects: string[]) {
    super(409, `scenario ${scenario}: ${objects.join(', ')} from the previous load ${objects.length === 1 ? 'is' : 'are'} still being deleted; load it again in a few seconds`, 'Conflict');
    this.name = 'ScenarioBusyError';
  }
}

export interface LoadOptions {
  namespace: string;
  /** Waits between polls (tests pass their own). */
  sleep?: (ms: number) => Promise<void>;
}

export interface LoadResult {
  scenario: string;
  /** Objects of an earlier load that were removed first. */
  removed: string[];
  results: DocumentResult[];
}

type Obj = k8s.KubernetesObject & { kind: string; metadata: { name: string; namespace: string } };

function label(o: Obj): string {
  return `${o.kind.toLowerCase()}/${o.metadata.name}`;
}

async function exists(client: k8s.KubernetesObjectApi, o: Obj): Promise<boolean> {
  try {
    await client.read(o);
    return true;
  } catch (e) {
    if (apiFailure(e).code === 404) return false;
    throw e;
  }
}

export async function loadScenario(kc: k8s.KubeConfig, def: BreakFixScenario, opts: LoadOptions): Promise<LoadResult> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const client = k8s.KubernetesObjectApi.makeApiClient(kc);
  const objects = parseManifests(def.broken).map((d) => {
    const o = structuredClone(d.object) as unknown as Obj;
    o.metadata.namespace = opts.namespace;
    return o;
  });
  const removed: string[] = [];
  for (const o of objects) {
    try {
      // Grace 0 and background propagation: the name is free at once, the old pods go with their owner.
      await client.delete(o, undefined, undefined, 0, undefined, 'Background');
      removed.push(label(o));
    } catch (e) {
      if (apiFailure(e).code !== 404) throw e;
    }
  }
  let left = removed.length ? objects : [];
  for (let waited = 0; left.length; waited += POLL_MS) {
    const still: Obj[] = [];
    for (const o of left) if (await exists(client, o)) still.push(o);
    left = still;
    if (!left.length) break;
    if (waited >= REMOVAL_WAIT_MS) throw new ScenarioBusyError(def.scenario, left.map(label));
    await sleep(POLL_MS);
  }
  return { scenario: def.scenario, removed, results: await applyManifests(kc, def.broken, { namespace: opts.namespace }) };
}
