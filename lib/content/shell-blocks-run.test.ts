/**
 * Every shell block of the lessons, and every exercise step's command, typed line by line into the
 * workstation shell (the bench's terminal) against a whole sandbox cluster with its controllers:
 * one cluster per lesson, at 60x, after the lesson's Try-it manifests are applied. A line passes
 * when the workstation accepts it (no refusal from the verb table or the flag rules), the shell
 * knows every command in it, and it ends with status 0; a watch (`-w`, `logs -f`, `watch`) passes
 * when it is still streaming after a moment and stops on Ctrl+C. Blocks fenced ```bash own-machine
 * are for the learner's own computer and are skipped (see content/README.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientKubeConfig } from '../k8s/client/kubeconfig';
import { startCli } from '../k8s/sandbox/cli';
import { kubectl, requireKubectl } from '../k8s/sandbox/integration/support/kubectl';
import { loadExercises } from '../exercises/definitions';
import { readResource } from './resources';
import { tryItBlocks } from '../tryit/blocks';
import { MemoryHomeStore } from '../workstation/home-store';
import { RunSlots } from '../lab/kubectl/slots';
import { kubectlRunFor } from '../workstation/kubectl-run';
import { forwardResolver } from '../workstation/lab-binding';
import { Workstation } from '../workstation/workstation';
import { loadLessons } from './lessons';
import { shellBlocks } from './shell-blocks';

const TIME_SCALE = 60;
/** How long a watch streams before the test presses Ctrl+C. */
const WATCH_MS = 1500;
const STREAMS = /(\s-w\b|\s--watch\b|\slogs\b.*\s-f\b|^watch\s)/;

interface Bench {
  ws: Workstation;
  kubeconfig: string;
  close(): Promise<void>;
}

async function openBench(name: string): Promise<Bench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-blocks-'));
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-blocks-run-'));
  const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 3, timeScale: TIME_SCALE, dataDir });
  const record = cli.host.listClusters()[0];
  const { cluster } = cli.host.wake(record.id);
  const server = /server: (\S+)/.exec(fs.readFileSync(cli.kubeconfigPath, 'utf8'))![1];
  const ws = new Workstation(`learner-${name}`, new MemoryHomeStore(), {
    net: (cluster.context.runtime as unknown as { network: Workstation['binding']['net'] }).network,
    kubectl: kubectlRunFor({ learnerId: `learner-${name}`, slots: new RunSlots(), cluster: { id: record.id, token: record.token, handler: cli.host }, runner: { tmpRoot } }),
    resolveForward: forwardResolver(clientKubeConfig({ server, token: record.token }), 'default'),
  });
  return {
    ws,
    kubeconfig: cli.kubeconfigPath,
    async close() {
      ws.close();
      await cli.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(tmpRoot, { recursive: true, force: true });
    },
  };
}

/** Runs one typed line; returns why it failed, or undefined. */
async function typeLine(ws: Workstation, text: string): Promise<string | undefined> {
  let out = '';
  const refused: string[] = [];
  const ctl = new AbortController();
  const streams = STREAMS.test(text);
  const timer = streams ? setTimeout(() => ctl.abort(), WATCH_MS) : undefined;
  const r = await ws.runLine(text, { onOutput: (c) => (out += c), onRefused: (m) => refused.push(m), signal: ctl.signal, limitMs: 60_000 });
  clearTimeout(timer);
  if (refused.length) return `refused: ${refused.join('; ')}`;
  if (/command not found/.test(out)) return `unknown command: ${out.trim().slice(0, 200)}`;
  if (streams && r.stopped === 'cancelled') return undefined;
  if (r.more) return 'the line opens a compound command it does not close';
  if (r.status !== 0) return `status ${r.status ?? r.stopped}: ${out.trim().slice(-300)}`;
  return undefined;
}

describe.runIf(requireKubectl())('every shell block of the lessons runs in the workstation shell on a sandbox', () => {
  const benches: Bench[] = [];
  afterAll(async () => {
    for (const b of benches) await b.close();
  });

  for (const lesson of loadLessons()) {
    const blocks = shellBlocks(lesson.source);
    if (!blocks.length) continue;
    it(`${lesson.slug}: ${blocks.length} block(s)`, async () => {
      const bench = await openBench(lesson.slug);
      benches.push(bench);
      // What the lesson has the learner apply before its commands: the files it offers the bench and its Try-its.
      for (const m of lesson.manifests ?? []) await kubectl(bench.kubeconfig, ['apply', '-f', '-'], readResource(m.file));
      for (const t of tryItBlocks(lesson.source)) await kubectl(bench.kubeconfig, ['apply', '-f', '-'], t.yaml);
      const failures: string[] = [];
      for (const block of blocks) {
        // `kubectl apply -f editor` applies the YAML shown above the block, as pasted in the bench's editor.
        bench.ws.binding.editor = block.yamlAbove;
        for (const text of block.lines) {
          const why = await typeLine(bench.ws, text);
          if (why) failures.push(`${lesson.file}:${block.line} \`${text}\` -> ${why}`);
        }
      }
      expect(failures).toEqual([]);
    }, 240_000);
  }

  it('every exercise step: its manifest applied, then its command', async () => {
    const bench = await openBench('exercises');
    benches.push(bench);
    const failures: string[] = [];
    for (const def of loadExercises())
      for (const step of def.steps) {
        const m = step.manifest;
        if (m) await kubectl(bench.kubeconfig, ['apply', '-f', '-'], 'file' in m ? readResource(m.file) : m.inline);
        if (!step.command) continue;
        const why = await typeLine(bench.ws, step.command);
        if (why) failures.push(`${def.exercise}/${step.id} \`${step.command}\` -> ${why}`);
      }
    expect(failures).toEqual([]);
  }, 240_000);
});
