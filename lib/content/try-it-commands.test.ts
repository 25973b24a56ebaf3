/**
 * The commands a lesson shows after each Try-it ("look under the hood", watch sequences), run with
 * the real kubectl against a whole sandbox cluster, exactly as written in the lesson, after the
 * Try-it's manifest is applied: the output must be what the lesson says the learner will see
 * (ages, durations, generated name suffixes and uids aside).
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { KUBECTL, kubectl, requireKubectl } from '../k8s/sandbox/integration/support/kubectl';
import { startProductServer } from '../tryit/product-server';
import { commandPairs, normalizeOutput, regionsAfterTryIts, shellWords, type CommandPair } from '../tryit/command-pairs';
import { tryItBlocks } from '../tryit/blocks';
import { loadLessons } from './lessons';
import { PLACEMENT_SETUPS } from './try-it-placement-setups';
import { WORKLOAD_SETUPS } from './try-it-workload-setups';

interface Setup {
  /** Cluster clock speed for the run (backoffs and grace periods pass quicker). */
  scale: number;
  /** Name prefixes whose random suffixes vary (pods of a DaemonSet or Job). */
  generated?: string[];
  /** A step the learner takes before the Apply (kubectl args). */
  before?: string[];
  /** A step the prose asks for once a condition holds (kubectl args). */
  after?: { when: string[]; matches: RegExp; run: string[] };
}

const SETUPS: Record<string, Setup> = {
  // Deployments, DaemonSets, StatefulSets, Jobs and CronJobs (lessons 10-50).
  ...WORKLOAD_SETUPS,
  'ds-control-plane': { scale: 1, generated: ['node-agent'] },
  'sts-scale-down': {
    scale: 10,
    after: { when: ['get', 'statefulset', 'tryit-db', '-o', 'jsonpath={.status.readyReplicas}'], matches: /^3$/, run: ['scale', 'statefulset', 'tryit-db', '--replicas=1'] },
  },
  'job-backoff': { scale: 10, generated: ['tryit-flaky'] },
  'job-duration': { scale: 10, generated: ['tryit-batch'] },
  'job-per-index': { scale: 30, generated: ['tryit-shards'] },
  'pod-shared-port': { scale: 10 },
  'init-waiting': { scale: 1 },
  'sched-affinity': { scale: 1 },
  'batch-deadline': { scale: 10 },
  // Init containers, multi-container pods, scheduling and batch (lessons 60-90).
  ...PLACEMENT_SETUPS,
};

/** True when every line of `expected` appears in `actual`, in the same order. */
function inOrder(expected: string[], actual: string[]): boolean {
  let i = 0;
  for (const line of actual) if (line === expected[i]) i++;
  return i === expected.length;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cases: { id: string; yaml: string; pair: CommandPair }[] = loadLessons().flatMap((lesson) => {
  const regions = regionsAfterTryIts(lesson.source);
  return tryItBlocks(lesson.source).flatMap((b) => commandPairs(regions.get(b.id) ?? '').map((pair) => ({ id: b.id, yaml: b.yaml, pair })));
});

describe.runIf(requireKubectl())('commands shown after the Try-it blocks, run with kubectl on a sandbox', () => {
  it('cover the DaemonSet, StatefulSet and Job look-under-the-hood steps', () => {
    const commands = cases.map((c) => c.pair.command).join('\n');
    expect(commands).toContain('spec.affinity');
    expect(commands).toContain('spec.tolerations');
    expect(commands).toContain('.spec.hostname');
    expect(commands).toContain('kubectl get pvc');
    expect(commands).toContain('metadata.labels');
    expect(commands).toContain('metadata.finalizers');
  });

  it.each(cases.map((c) => [c.id, c.pair.command, c] as const))('%s: `%s` prints what the lesson shows', async (id, _command, { yaml, pair }) => {
    const setup = SETUPS[id];
    expect(setup, `no setup for Try-it ${id} in this test`).toBeDefined();
    const args = shellWords(pair.command).slice(1);
    const expected = normalizeOutput(pair.expected.join(''), setup.generated);
    const s = await startProductServer(setup.scale);
    try {
      const watching = args.includes('-w');
      let watched = '';
      const watch = watching ? spawn(KUBECTL, args, { env: { ...process.env, KUBECONFIG: s.kubeconfig } }) : undefined;
      watch?.stdout.on('data', (d: Buffer) => (watched += d.toString()));
      if (watch) await sleep(700);
      if (setup.before) expect((await kubectl(s.kubeconfig, setup.before)).code).toBe(0);
      expect((await kubectl(s.kubeconfig, ['apply', '-f', '-'], yaml)).code).toBe(0);
      let afterDone = !setup.after;
      let actual: string[] = [];
      for (let tries = 0; tries < 60; tries++) {
        await sleep(500);
        if (!afterDone && setup.after) {
          const r = await kubectl(s.kubeconfig, setup.after.when);
          if (setup.after.matches.test(r.stdout.trim())) {
            expect((await kubectl(s.kubeconfig, setup.after.run)).code).toBe(0);
            afterDone = true;
          }
        }
        actual = normalizeOutput(watching ? watched : (await kubectl(s.kubeconfig, args)).stdout, setup.generated);
        if (afterDone && (watching ? inOrder(expected, actual) : JSON.stringify(actual) === JSON.stringify(expected))) break;
      }
      watch?.kill();
      // A watch may print a row again when only a field it does not show changed, and quick
      // transitions can be folded into one event: the lesson's rows must all appear, in order.
      if (watching) expect(inOrder(expected, actual), `watch printed:\n${actual.join('\n')}`).toBe(true);
      else expect(actual).toEqual(expected);
    } finally {
      await s.close();
    }
  }, 60_000);
});
