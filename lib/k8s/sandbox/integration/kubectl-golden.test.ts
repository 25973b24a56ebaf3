/**
 * What kubectl shows a learner, pinned as golden files (integration/golden/*.txt): for every kind
 * the sandbox serves, `kubectl get -A`, `kubectl get -A -o wide` and `kubectl describe -A` (Events:
 * get only; their messages are the point, and describe repeats each event as 30 lines), taken
 * with the real kubectl from one product cluster (every controller, the scheduler, the kubelets,
 * the real container runtime) on a ManualClock, after creating the objects of golden/fixture.yaml and letting
 * 150 virtual seconds pass. Names, uids, IPs and every age the server prints are the same on every
 * run, so a change that alters any table column, describe line or event message shows up in review
 * as a diff of these files. `UPDATE_GOLDEN=1 npx vitest run lib/k8s/sandbox/integration/kubectl-golden.test.ts`
 * rewrites them.
 *
 * One thing is normalised: the ages kubectl computes on its own machine's clock (the Age column of
 * describe's Events and of a node's pod list). The cluster clock starts in 2010, years behind any
 * machine running the test, so those ages are whole years (`16y`) whatever the instant; they are
 * written as `<y>` (same width, so columns still line up). Ages from the cluster clock (every AGE,
 * LAST SEEN, DURATION cell of `get`) are kept as printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productComponents } from '../components';
import { createClusterNetwork } from '../network/cluster-network';
import YAML from 'yaml';
import { ALL_KINDS, findKind } from '../registry';
import type { ResourceDef } from '../registry/types';
import { SandboxRuntime } from '../runtime/sandbox-runtime';
import { schemasPart } from '../../schemas';
import { simCluster, type SimCluster } from '../testing/sim-cluster';
import type { KubeObject } from '../types';
import { expectGolden, strayGoldenFiles, updatingGolden } from './support/golden';
import { kubectl, requireKubectl, type KubectlResult } from './support/kubectl';
import { serveSimCluster, type SimServer } from './support/sim-server';

const run = requireKubectl();
const GOLDEN_DIR = path.join(import.meta.dirname, 'golden');
const FIXTURE = path.join(GOLDEN_DIR, 'fixture.yaml');
/** Monday 4 January 2010, 09:00 UTC: years before any run of this test (see the header). */
const START = Date.UTC(2010, 0, 4, 9, 0, 0);
const RUN_FOR_MS = 150_000;
/** kubectl processes at once (the machine has 2 cores; kubectl mostly waits on the server). */
const PARALLEL = 4;

/** What kubectl ages on its own clock, years here (see the header): `16y`, `16y (x3 over 16y)`. */
function normaliseClientAges(out: string): string {
  return out.replace(/(?<![\w.-])\d{2}y(?![\w.-])/g, '<y>');
}

/** The real kubectl with its own HOME (discovery cache) and UTC, so describe's dates read the same everywhere. */
function runKubectl(server: SimServer, args: string[], input?: string): Promise<KubectlResult> {
  return kubectl(server.kubeconfig, args, input, { HOME: server.home, TZ: 'UTC' });
}

/** POSTs obj to its collection, as `kubectl create` does. */
async function createOver(server: SimServer, obj: KubeObject): Promise<void> {
  const def = findKind(obj.apiVersion, obj.kind);
  if (!def) throw new Error(`golden fixture: ${obj.apiVersion} ${obj.kind} is not a kind the sandbox serves`);
  const root = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  const ns = def.namespaced ? `/namespaces/${obj.metadata.namespace ?? 'default'}` : '';
  const res = await fetch(`${server.base}${root}${ns}/${def.plural}?fieldValidation=Strict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(obj),
  });
  if (res.status !== 201) throw new Error(`golden fixture: creating ${obj.kind} ${obj.metadata.name} answered ${res.status}: ${await res.text()}`);
}

/** Runs tasks with at most `limit` at once, results in task order. */
async function inPool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** kubectl's name for the kind, unambiguous across groups (`deployments.apps`, `events.events.k8s.io`). */
function resourceArg(def: ResourceDef): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

function goldenFile(def: ResourceDef): string {
  return path.join(GOLDEN_DIR, `${def.group || 'core'}.${def.plural}.txt`);
}

/** The kinds a learner can get and describe (the metrics API's kinds are read by kubectl top). */
const SHOWN_KINDS = ALL_KINDS.filter((d) => d.verbs.includes('list') && d.group !== 'metrics.k8s.io');

function transcript(commands: { args: string[]; result: KubectlResult }[]): string {
  return commands
    .map(({ args, result }) => {
      const lines = [`$ kubectl ${args.join(' ')}`, result.stdout.trimEnd()];
      if (result.stderr.trim()) lines.push(`[stderr] ${result.stderr.trimEnd()}`);
      if (result.code !== 0) lines.push(`[exit ${result.code}]`);
      return normaliseClientAges(lines.filter((l) => l !== '').join('\n'));
    })
    .join('\n\n')
    .concat('\n');
}

describe.runIf(run)('what kubectl shows for each kind, against golden files', () => {
  let sim: SimCluster;
  let server: SimServer;

  beforeAll(async () => {
    sim = simCluster({
      start: START,
      schemas: schemasPart,
      components: productComponents,
      runtime: ({ client, clock }) => new SandboxRuntime({ clock, net: createClusterNetwork(client), random: () => 0.5 }),
    });
    server = await serveSimCluster(sim);
    // One object at a time, the cluster settled after each: the same order of work (and so the
    // same generated names) on every run, whatever the speed of the machine. Created over HTTP
    // rather than with one kubectl apply per object: the same API server path, seconds faster.
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(FIXTURE, 'utf8'))) {
      await createOver(server, doc.toJS() as KubeObject);
      await sim.settle();
    }
    await sim.run(RUN_FOR_MS);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    sim?.close();
  });

  it('prints get, get -o wide and describe of every kind as the golden files say', async () => {
    const written: string[] = [];
    const perKind = await inPool(
      SHOWN_KINDS.map((def) => async () => {
        const r = resourceArg(def);
        const commands = [['get', r, '-A'], ['get', r, '-A', '-o', 'wide']];
        if (def.kind !== 'Event') commands.push(['describe', r, '-A']);
        const results = [];
        for (const args of commands) results.push({ args, result: await runKubectl(server, args) });
        return { def, text: transcript(results) };
      }),
      PARALLEL,
    );
    for (const { def, text } of perKind) {
      expectGolden(goldenFile(def), text);
      written.push(goldenFile(def));
    }
    const strays = strayGoldenFiles(GOLDEN_DIR, written);
    if (updatingGolden) for (const f of strays) fs.rmSync(f);
    else expect(strays, 'golden files of kinds no longer served: delete them (UPDATE_GOLDEN=1 does)').toEqual([]);
  }, 60_000);
});
