/**
 * The kubectl spawner's channel under attack: the spawner process (lib/lab/kubectl/spawner-process.mjs)
 * reads only what the portal sends on its IPC channel, but what the portal sends carries a
 * learner's words (kubectl's arguments) and a learner's output comes back through it. Malformed
 * messages, hostile argument bytes, floods and a crowd of runs must neither take the spawner down
 * nor mix one run with another; the spawner holds nothing of the portal's environment, and
 * nothing it started outlives the portal's channel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubectlSpawner, SPAWNER_SCRIPT, type KubectlProcess, type SpawnRequest } from '../../lib/lab/kubectl/spawner';

const sh = (script: string, extra: Partial<SpawnRequest> = {}): SpawnRequest => ({ file: '/bin/sh', args: ['-c', script], cwd: os.tmpdir(), env: { PATH: '/usr/bin:/bin' }, stdin: '', readyFd: false, maxBytes: 1024 * 1024, ...extra });

function finished(run: KubectlProcess): Promise<{ out: string; bytes: number; failures: string[]; code: number | null }> {
  return new Promise((resolve) => {
    let out = '';
    let bytes = 0;
    const failures: string[] = [];
    run.on('output', (t: string, n: number) => {
      out += t;
      bytes += n;
    });
    run.on('failure', (m: string) => failures.push(m));
    run.on('close', (code: number | null) => resolve({ out, bytes, failures, code }));
  });
}

/** Running, or at least not yet a zombie (a killed child stays in /proc until it is reaped). */
const alive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};
/** Waits (bounded) for a process to be gone; resolves whether it went. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

describe('the kubectl spawner\'s channel, spoken to raw', () => {
  let child: ChildProcess;
  const inbox: Array<Record<string, unknown>> = [];
  const next = (pred: (m: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const found = inbox.findIndex(pred);
      if (found >= 0) return resolve(inbox.splice(found, 1)[0]);
      const on = (m: Record<string, unknown>) => {
        if (!pred(m)) return;
        inbox.splice(inbox.indexOf(m), 1);
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
  beforeAll(() => {
    child = spawn(process.execPath, [SPAWNER_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { PATH: '/usr/bin:/bin' } as Record<string, string> as NodeJS.ProcessEnv });
    child.on('message', (m: Record<string, unknown>) => inbox.push(m));
  });
  afterAll(() => child.disconnect());

  const malformed: Array<[string, unknown]> = [
    ['a message that is not an object', 'run'],
    ['null', null],
    ['an unknown type', { t: 'eval', code: 'process.exit(1)' }],
    ['a run without arguments', { t: 'run', id: 'x1', file: '/bin/sh', cwd: '/', env: {}, stdin: '', maxBytes: 1 }],
    ['a run whose arguments are not strings', { t: 'run', id: 'x2', file: '/bin/sh', args: [1, { toString: 'x' }], cwd: '/', env: {}, stdin: '', maxBytes: 1 }],
    ['a run whose environment holds an object', { t: 'run', id: 'x3', file: '/bin/sh', args: [], cwd: '/', env: { A: { b: 1 } }, stdin: '', maxBytes: 1 }],
    ['a run without an output cap', { t: 'run', id: 'x4', file: '/bin/sh', args: [], cwd: '/', env: {}, stdin: '' }],
    ['a run with a prototype-polluting environment', JSON.parse('{"t":"run","id":"x5","file":"/bin/sh","args":[],"cwd":"/","env":{"__proto__":{"polluted":1}},"stdin":"","maxBytes":"1"}')],
    ['a kill with a signal it does not send', { t: 'kill', id: '1', signal: 'SIGSTOP' }],
    ['a type of 10,000 characters', { t: 'x'.repeat(10_000) }],
  ];
  for (const [what, message] of malformed) {
    it(`refuses ${what} by saying so, and keeps running`, async () => {
      child.send(message as object);
      const refused = await next((m) => m.t === 'refused');
      expect(String(refused.message)).toMatch(/^the kubectl spawner cannot read a message of type /);
      expect(String(refused.message).length).toBeLessThan(120);
      expect(child.exitCode).toBeNull();
    });
  }

  it('ignores a kill for a run it does not have', async () => {
    child.send({ t: 'kill', id: 'nobody', signal: 'SIGKILL' });
    child.send({ t: 'run', id: 'after-kill', ...sh('echo still here') });
    expect((await next((m) => m.id === 'after-kill' && m.t === 'out')).data).toBe('still here\n');
  });

  it('refuses a second run under an id that is still running', async () => {
    child.send({ t: 'run', id: 'twice', ...sh('exec sleep 5') });
    await next((m) => m.id === 'twice' && m.t === 'spawned');
    child.send({ t: 'run', id: 'twice', ...sh('echo second') });
    expect((await next((m) => m.id === 'twice' && m.t === 'error')).message).toBe('a run with id twice is already running');
    child.send({ t: 'kill', id: 'twice', signal: 'SIGKILL' });
    await next((m) => m.id === 'twice' && m.t === 'close');
  });
});

describe('the kubectl spawner under hostile runs', () => {
  const spawner = new KubectlSpawner();
  afterAll(() => spawner.stop());

  it('passes a learner\'s argument bytes as argv words, never as shell text (quotes, $( ), newlines, JSON, 64 KiB)', async () => {
    const words = ['"; rm -rf / #', '$(id)', '`id`', 'a\nb', '{"t":"kill","id":"1","signal":"SIGKILL"}', '\u00e9\u{1F600}', 'x'.repeat(64 * 1024)];
    const r = await finished(spawner.spawn({ ...sh('printf "%s\\0" "$@"'), args: ['-c', 'printf "%s\\0" "$@"', 'sh', ...words] }));
    expect(r.out.split('\0').slice(0, -1)).toEqual(words);
  });

  it('refuses an argument with a NUL byte with a message, and runs the next command', async () => {
    const r = await finished(spawner.spawn(sh('echo', { args: ['-c', 'echo hi\0; id'] })));
    expect(r.failures.join()).toMatch(/null bytes/);
    expect(r.code).toBeNull();
    expect((await finished(spawner.spawn(sh('echo ok')))).out).toBe('ok\n');
  });

  it('forwards at most the cap and a little of a 16 MiB flood', async () => {
    const r = await finished(spawner.spawn(sh('head -c 16777216 /dev/zero', { maxBytes: 256 * 1024 })));
    expect(r.bytes).toBeGreaterThan(256 * 1024);
    expect(r.bytes).toBeLessThan(256 * 1024 + 64 * 1024 + 128 * 1024);
  });

  it('keeps twenty runs at once apart: each gets its own output and exit code', async () => {
    const runs = Array.from({ length: 20 }, (_, i) => finished(spawner.spawn(sh(`echo run-${i}; exit ${i % 7}`))));
    const results = await Promise.all(runs);
    results.forEach((r, i) => expect(r).toMatchObject({ out: `run-${i}\n`, code: i % 7 }));
  });

  it('holds nothing of the portal\'s environment (no cookie key, no database URL, no NODE_OPTIONS)', async () => {
    process.env.KUBELAB_TEST_SECRET_FOR_SPAWNER = 'must-not-leak';
    const mine = new KubectlSpawner();
    try {
      const pid = mine.pid()!;
      // NODE_CHANNEL_* are Node's own (the IPC channel's descriptor); the spawner's children get an explicit environment.
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => kv.split('=')[0]).filter((k) => !k.startsWith('NODE_CHANNEL_'));
      expect(environ.sort()).toEqual(process.env.NODE_ENV ? ['NODE_ENV', 'PATH'] : ['PATH']);
    } finally {
      delete process.env.KUBELAB_TEST_SECRET_FOR_SPAWNER;
      mine.stop();
    }
  });

  it('kills what it started when the portal\'s channel closes, then exits', async () => {
    const mine = new KubectlSpawner();
    const run = mine.spawn(sh('exec sleep 30'));
    const pid = await new Promise<number>((r) => run.once('spawned', r));
    const spawnerPid = mine.pid()!;
    mine.stop();
    expect(await gone(pid)).toBe(true);
    expect(await gone(spawnerPid)).toBe(true);
  });
});
