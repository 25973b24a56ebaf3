import { describe, expect, it } from 'vitest';
import type { AllowedCommand } from '../lab/kubectl/allowlist';
import { MemoryHomeStore } from './home-store';
import type { KubectlRun } from './commands';
import { Workstation, type WorkstationBinding } from './workstation';

/** kubectl's part is played by a function that prints what a small cluster would (the real one runs in workstation-kubectl.test.ts). */
function fakeCluster(): { binding: WorkstationBinding; ran: AllowedCommand[] } {
  const ran: AllowedCommand[] = [];
  const kubectl: KubectlRun = async (cmd, io) => {
    ran.push(cmd);
    if (cmd.args[0] === 'get' && cmd.args.includes('--output=name')) {
      io.onOutput('pod/web-1\npod/web-2\npod/db-0\n');
      return 0;
    }
    if (cmd.args[0] === 'get' && cmd.follows) {
      io.onOutput('NAME    READY\nweb-1   1/1\n');
      await new Promise<void>((r) => io.signal.addEventListener('abort', () => r(), { once: true }));
      return 130;
    }
    if (cmd.args[0] === 'get') {
      io.onOutput('NAME    READY   STATUS\nweb-1   1/1     Running\nweb-2   1/1     Running\ndb-0    1/1     Running\n');
      return 0;
    }
    io.onOutput(`ran ${cmd.args.join(' ')}\n`);
    return 0;
  };
  return { binding: { kubectl, resolveForward: async () => ({ error: 'no cluster' }) }, ran };
}

async function line(ws: Workstation, text: string, signal = new AbortController().signal) {
  let out = '';
  const refused: string[] = [];
  const r = await ws.runLine(text, { onOutput: (c) => (out += c), onRefused: (m) => refused.push(m), signal });
  return { ...r, out, refused };
}

describe('the workstation shell', () => {
  it('pipes kubectl output through grep', async () => {
    const ws = new Workstation('l1', new MemoryHomeStore(), fakeCluster().binding);
    const r = await line(ws, 'kubectl get pods | grep web | wc -l');
    expect(r.out.trim()).toBe('2');
    expect(r.status).toBe(0);
    ws.close();
  });

  it('substitutes $(kubectl …) and keeps comments out of the command', async () => {
    const { binding, ran } = fakeCluster();
    const ws = new Workstation('l2', new MemoryHomeStore(), binding);
    const r = await line(ws, 'echo $(kubectl get pods -o name) | tr " " "\\n" | tail -1   # the last pod');
    expect(r.out).toBe('pod/db-0\n');
    expect(ran[0].args).not.toContain('#');
    ws.close();
  });

  it('keeps variables and the working directory from one line to the next', async () => {
    const ws = new Workstation('l3', new MemoryHomeStore(), fakeCluster().binding);
    await line(ws, 'POD=web-1; mkdir -p notes && cd notes');
    const r = await line(ws, 'echo "$POD in $(pwd)"');
    expect(r.out).toBe('web-1 in /home/learner/notes\n');
    ws.close();
  });

  it('waits for the rest of an open loop, then runs it whole', async () => {
    const ws = new Workstation('l4', new MemoryHomeStore(), fakeCluster().binding);
    expect(await line(ws, 'for i in 1 2 3; do')).toMatchObject({ more: true, out: '' });
    expect(await line(ws, '  echo "n=$i"')).toMatchObject({ more: true });
    const r = await line(ws, 'done');
    expect(r.out).toBe('n=1\nn=2\nn=3\n');
    ws.close();
  });

  it('stops a streaming kubectl on Ctrl+C and is ready for the next line', async () => {
    const ws = new Workstation('l5', new MemoryHomeStore(), fakeCluster().binding);
    const ac = new AbortController();
    let out = '';
    const running = ws.runLine('kubectl get pods -w', { onOutput: (c) => { out += c; if (out.includes('web-1')) ac.abort(); }, signal: ac.signal });
    const r = await running;
    expect(r.stopped).toBe('cancelled');
    expect(out).toContain('web-1');
    expect((await line(ws, 'echo next')).out).toBe('next\n');
    ws.close();
  });

  it('draws watch frames whole on the alternate screen, so the lines from before come back', async () => {
    const ws = new Workstation('l12', new MemoryHomeStore(), fakeCluster().binding);
    const ac = new AbortController();
    const chunks: string[] = [];
    const r = await ws.runLine('watch -n 1 kubectl get pods', { onOutput: (c) => { chunks.push(c); if (c.includes('db-0')) ac.abort(); }, signal: ac.signal });
    expect(r.stopped).toBe('cancelled');
    const all = chunks.join('');
    expect(all.startsWith('\x1b[?1049h')).toBe(true);
    // The title and the command's output arrive in one write: no frame shows the title alone.
    const frame = chunks.find((c) => c.includes('Every 1s: kubectl get pods'));
    expect(frame).toContain('web-1   1/1     Running');
    expect(frame).toContain('db-0');
    ws.close();
  });

  it('runs a job in the background, lists it with jobs and ends it with kill %1', async () => {
    const ws = new Workstation('l6', new MemoryHomeStore(), fakeCluster().binding);
    await line(ws, 'sleep 600 &');
    expect((await line(ws, 'jobs')).out).toMatch(/\[1\]\s+Running/);
    await line(ws, 'kill %1');
    await line(ws, 'wait');
    expect((await line(ws, 'jobs')).out).toBe('');
    ws.close();
  });

  it('brings a background job to the foreground with fg and waits for it', async () => {
    const ws = new Workstation('l11', new MemoryHomeStore(), fakeCluster().binding);
    await line(ws, '(sleep 0.2; echo job-done) &');
    const r = await line(ws, 'fg %1');
    expect(r.out).toContain('job-done');
    expect((await line(ws, 'fg %3')).out).toMatch(/no such job/);
    ws.close();
  });

  it('reports a refused kubectl flag as a refusal and keeps the shell', async () => {
    const ws = new Workstation('l7', new MemoryHomeStore(), fakeCluster().binding);
    const r = await line(ws, 'kubectl get pods --kubeconfig=/etc/kubernetes/admin.conf');
    expect(r.refused.join()).toContain('--kubeconfig is refused');
    expect(r.status).toBe(1);
    expect((await line(ws, 'echo $?')).out).toBe('1\n');
    ws.close();
  });

  it('keeps files in the home directory for the learner\'s next workstation', async () => {
    const home = new MemoryHomeStore();
    const ws = new Workstation('l8', home, fakeCluster().binding);
    await line(ws, 'kubectl get pods -o name > pods.txt');
    ws.close();
    const again = new Workstation('l8', home, fakeCluster().binding);
    expect((await line(again, 'cat ~/pods.txt | head -1')).out).toBe('pod/web-1\n');
    again.close();
  });

  it('starts a new shell after exit, with the files still there', async () => {
    const ws = new Workstation('l9', new MemoryHomeStore(), fakeCluster().binding);
    await line(ws, 'echo kept > a.txt');
    const r = await line(ws, 'exit 3');
    expect(r.stopped).toBe('shell-ended');
    expect((await line(ws, 'cat a.txt')).out).toContain('kept');
    ws.close();
  });

  it('refuses a second line while one runs', async () => {
    const ws = new Workstation('l10', new MemoryHomeStore(), fakeCluster().binding);
    const ac = new AbortController();
    const first = ws.runLine('sleep 30', { onOutput: () => undefined, signal: ac.signal });
    await expect(ws.runLine('echo hi', { onOutput: () => undefined, signal: new AbortController().signal })).rejects.toThrow('still running a command');
    ac.abort();
    await first;
    ws.close();
  });
});
