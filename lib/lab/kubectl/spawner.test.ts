import fs from 'node:fs';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { KubectlSpawner, type KubectlProcess, type SpawnRequest } from './spawner';

const spawner = new KubectlSpawner();
afterAll(() => spawner.stop());

const sh = (script: string, extra: Partial<SpawnRequest> = {}): SpawnRequest => ({ file: '/bin/sh', args: ['-c', script], cwd: os.tmpdir(), env: { PATH: '/usr/bin:/bin' }, stdin: '', readyFd: false, maxBytes: 1024 * 1024, ...extra });

/** Collects a run's events until it closes. */
function finished(run: KubectlProcess): Promise<{ out: string; bytes: number; ready: boolean; failures: string[]; exit?: number | null; code: number | null }> {
  return new Promise((resolve) => {
    let out = '';
    let bytes = 0;
    let ready = false;
    let exit: number | null | undefined;
    const failures: string[] = [];
    run.on('output', (text: string, n: number) => {
      out += text;
      bytes += n;
    });
    run.on('ready', () => (ready = true));
    run.on('failure', (m: string) => failures.push(m));
    run.on('exit', (c: number | null) => (exit = c));
    run.on('close', (code: number | null) => resolve({ out, bytes, ready, failures, exit, code }));
  });
}

const parentOf = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};

describe('the kubectl spawner', () => {
  it('runs a command in its own small process and streams its output, stderr included, and exit code back', async () => {
    const r = await finished(spawner.spawn(sh('echo out; echo err >&2; exit 3')));
    expect(r.out.split('\n').sort()).toEqual(['', 'err', 'out']);
    expect(r.bytes).toBe(8);
    expect(r.code).toBe(3);
    expect(r.exit).toBe(3);
  });

  it('forks the command from the spawner, never from the portal', async () => {
    const run = spawner.spawn(sh('exec sleep 5'));
    const done = finished(run);
    const pid = await new Promise<number>((r) => run.once('spawned', r));
    expect(run.pid).toBe(pid);
    expect(parentOf(pid)).toBe(spawner.pid());
    expect(spawner.pid()).not.toBe(process.pid);
    run.kill('SIGKILL');
    expect((await done).code).toBeNull();
  });

  it('hands the command its stdin and reports the first write on fd 3 as ready', async () => {
    const r = await finished(spawner.spawn(sh('echo ready >&3; cat', { stdin: 'from the editor\n', readyFd: true })));
    expect(r.ready).toBe(true);
    expect(r.out).toBe('from the editor\n');
    expect(r.code).toBe(0);
  });

  it('keeps multi-byte characters whole across chunks', async () => {
    const r = await finished(spawner.spawn(sh(`printf '\\303'; sleep 0.05; printf '\\251\\n'`)));
    expect(r.out).toBe('é\n');
  });

  it('stops forwarding output a little past the run\'s cap (the runner kills the run at the cap)', async () => {
    const r = await finished(spawner.spawn(sh('head -c 2000000 /dev/zero', { maxBytes: 10_000 })));
    expect(r.bytes).toBeGreaterThan(10_000);
    expect(r.bytes).toBeLessThan(10_000 + 64 * 1024 + 70_000);
  });

  it('says so when the command cannot be spawned', async () => {
    const r = await finished(spawner.spawn(sh('', { file: '/nonexistent/kubectl' })));
    expect(r.failures.join()).toMatch(/ENOENT/);
    expect(r.code).not.toBe(0);
  });

  it('when the spawner dies, cuts off the runs in flight with a clear message and starts a new one for the next run', async () => {
    const mine = new KubectlSpawner();
    try {
      const run = mine.spawn(sh('echo started; sleep 30'));
      const done = finished(run);
      await new Promise((r) => run.once('output', r));
      const first = mine.pid()!;
      process.kill(first, 'SIGKILL');
      const r = await done;
      expect(r.code).toBeNull();
      expect(r.out).toBe(`started\n\n[the terminal's kubectl helper process stopped (killed by SIGKILL); this command was cut off: run it again]\n`);
      const again = await finished(mine.spawn(sh('echo again')));
      expect(again).toMatchObject({ out: 'again\n', code: 0 });
      expect(mine.pid()).not.toBe(first);
      expect(mine.starts).toBe(2);
    } finally {
      mine.stop();
    }
  });
});
