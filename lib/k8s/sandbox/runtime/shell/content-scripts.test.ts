import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptsInMarkdown, scriptsInYaml, type ContainerScript } from './content-scripts';
import { parse } from './parser';
import { ShellHarness } from './test-driver';
import { MemoryVfs } from '../vfs/memory-vfs';

const ROOT = path.resolve(import.meta.dirname, '../../../../..');
const CONTENT = path.join(ROOT, 'content/module-05');

function walk(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), ext) : ext.test(e.name) ? [path.join(dir, e.name)] : []));
}

const resourceScripts: ContainerScript[] = walk(path.join(CONTENT, 'resources'), /\.ya?ml$/).flatMap((f) => scriptsInYaml(readFileSync(f, 'utf8'), path.relative(ROOT, f)));
const lessonScripts: ContainerScript[] = walk(CONTENT, /\.mdx?$/).flatMap((f) => scriptsInMarkdown(readFileSync(f, 'utf8'), path.relative(ROOT, f)));

/** Network and server tools other parts of the runtime provide; here they are absent. */
const EXTERNAL = ['nc', 'wget', 'curl', 'nslookup', 'redis-cli', 'pg_dump'];

async function runFor(script: string, ms: number): Promise<{ stderr: string; stdout: string }> {
  const fs = new MemoryVfs({ files: { '/etc/hostname': 'demo\n', '/host/etc/os-release': 'NAME=Kubelab\n', '/config/app.properties': 'mode=demo\n' } });
  for (const d of ['/data', '/shared', '/work', '/var/log/nginx', '/backups', '/tmp']) fs.mkdir(d, { recursive: true });
  const h = new ShellHarness({ fs });
  // A server loop around a tool that is absent here (the alert sink's `while true; do ... nc -l`)
  // spins without sleeping; at the default 5,000 steps per virtual second that was 900k steps and
  // most of this file's time. 1,000 still gives every script far more steps than it needs.
  h.spawn(script, { env: { JOB_COMPLETION_INDEX: '2', NODE_NAME: 'worker-1', CONFIG_URL: 'http://config/app.properties' }, limits: { stepsPerSecond: 1_000 } });
  await h.run(ms);
  return { stderr: h.stderr(), stdout: h.stdout() };
}

/**
 * Messages that mean the shell lacks a feature (as opposed to a script meeting a missing
 * file, which is the script's business when it runs out of order here).
 */
function missingFeatures(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter(Boolean)
    .filter((l) => /: not found$|unrecognized|unsupported|invalid option|illegal option|bad substitution|usage:|internal error|syntax error|bad regex/.test(l))
    .filter((l) => !EXTERNAL.some((c) => l === `sh: ${c}: not found`));
}

function script(source: string, container: string): string {
  const s = resourceScripts.find((x) => x.source.endsWith(source) && x.container === container);
  if (!s) throw new Error(`no script for ${container} in ${source}`);
  return s.script;
}

describe('the course scripts run in the shell', () => {
  it('finds the scripts of the resource library', () => {
    expect(resourceScripts.length).toBeGreaterThan(40);
  });

  it.each(resourceScripts.map((s) => [`${s.source} ${s.container}`, s] as const))('%s parses and runs 3 virtual minutes without a shell error', async (_n, s) => {
    expect(() => parse(s.script)).not.toThrow();
    const r = await runFor(s.script, 180_000);
    expect(missingFeatures(r.stderr)).toEqual([]);
  });

  it.each(lessonScripts.map((s) => [`${s.source} ${s.container}`, s] as const))('lesson %s parses and runs without a shell error', async (_n, s) => {
    expect(() => parse(s.script)).not.toThrow();
    const r = await runFor(s.script, 60_000);
    expect(missingFeatures(r.stderr)).toEqual([]);
  });

  it('runs the workflow steps in order over a shared volume: extract, transform, load', async () => {
    const h = new ShellHarness();
    h.fs.mkdir('/work');
    const file = 'batch-processing/workflow-management.yaml';
    for (const step of ['extract', 'transform', 'load']) await h.exit(h.spawn(script(file, step)));
    expect(h.stdout()).toBe('extracted 5 rows\ntransformed\nrow-1,20\nrow-2,40\nrow-3,60\nrow-4,80\nrow-5,100\nloaded 5 rows\n');
    expect(h.stderr()).toBe('');
  });

  it('runs the data pipeline exercise: ingest, a transform partition, the daily report', async () => {
    const h = new ShellHarness();
    h.fs.mkdir('/data');
    const etl = 'data-pipeline/etl-jobs/ingest-and-process.yaml';
    const ingest = resourceScripts.filter((x) => x.source.endsWith(etl));
    expect(ingest.length).toBe(2);
    await h.exit(h.spawn(ingest[0].script));
    await h.exit(h.spawn(ingest[1].script, { env: { JOB_COMPLETION_INDEX: '1' } }));
    // Rows i with i % 4 == 1 (NR % 4 == 1) sum (i * 7 % 100).
    let expected = 0;
    for (let i = 1; i <= 50; i++) if (i % 4 === 1) expected += (i * 7) % 100;
    expect(h.fs.readFile('/data/analytics/part-1.txt')).toBe(`${expected}\n`);
    const reports = resourceScripts.filter((x) => x.source.endsWith('scheduled-reports/reports.yaml'));
    await h.exit(h.spawn(reports[0].script));
    expect(h.stdout()).toContain(`partition 1 transformed 1 files\nreport 2026-11-28: total=${expected} (csv and json written; e-mail delivery is left to you)\n`);
    expect(h.fs.readFile('/data/reports/2026-11-28.json')).toBe(`{"date": "2026-11-28", "total": ${expected}}\n`);
    expect(h.fs.readFile('/data/audit/lineage.log')).toBe('Sat Nov 28 22:46:52 UTC 2026 ingest 50 rows into /data/raw/2026112822.clean.csv\nSat Nov 28 22:46:52 UTC 2026 transform partition 1\n');
    expect(h.stderr()).toBe('');
  });
});
