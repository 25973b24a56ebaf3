/**
 * The lab terminal's kubectl under attack, at the level of its code: the allowlist (first wall)
 * refuses every trick by name, and the bubblewrap sandbox (second wall) holds even when a command
 * is handed to the runner without the allowlist. The cluster is the real `npm run sandbox` entry
 * point (controllers, kubelets, container runtime); kubectl is the real /usr/bin/kubectl.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../../lib/k8s/sandbox/cli';
import type { SandboxHost } from '../../lib/k8s/sandbox/host';
import { checkCommand, CommandRefusedError, type AllowedCommand } from '../../lib/lab/kubectl/allowlist';
import { findConfinement } from '../../lib/lab/kubectl/confine';
import { findKubectl, runKubectl, type RunResult } from '../../lib/lab/kubectl/runner';
import { RunSlots, TooManyRunsError } from '../../lib/lab/kubectl/slots';
import * as terminalRoute from '../../app/api/lab/terminal/route';
import { answered, pageLoad, request, startRouteHarness, type RouteHarness } from './route-harness';

const kubectlPath = findKubectl();
const confined = 'bwrap' in findConfinement();
const required = process.env.CI === 'true' || (Boolean(kubectlPath) && confined);

const MARKER = `KUBELAB-MARKER-${randomBytes(8).toString('hex')}`;

/** Listening TCP sockets of this machine's network namespace (host side), as "addr:port" hex. */
function listeningSockets(): Set<string> {
  const out = new Set<string>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A') out.add(`${cols[1]} inode ${cols[9]}`);
    }
  }
  return out;
}

/** Socket inodes held by this process and every process it started. */
function ourSocketInodes(): Set<string> {
  const parents = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parents.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (ours.has(ppid) && !ours.has(pid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  const inodes = new Set<string>();
  for (const pid of ours) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      }
    } catch {
      // gone
    }
  }
  return inodes;
}

/** Listening sockets this test process (or anything it started) holds in the host's namespace. */
function ourListeners(): string[] {
  const inodes = ourSocketInodes();
  return [...listeningSockets()].filter((s) => inodes.has(s.split(' inode ')[1])).sort();
}

/** Processes left over from confined runs (socat forwarding to the run's socket). */
function sandboxLeftovers(): string[] {
  const left: string[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes('/run/kubelab/api.sock') || cmd.includes('kubelab-hostile-run-')) left.push(cmd.replace(/\0/g, ' '));
    } catch {
      // gone
    }
  }
  return left;
}

const refusal = (line: string): string => {
  try {
    checkCommand(line);
  } catch (e) {
    expect(e).toBeInstanceOf(CommandRefusedError);
    return (e as Error).message;
  }
  throw new Error(`expected "${line}" to be refused`);
};

describe.runIf(required)('a hostile learner at the lab terminal', () => {
  let host: SandboxHost;
  let stop: () => Promise<void>;
  let dataDir: string;
  let tmpRoot: string;
  let cluster: { id: string; token: string; handler: SandboxHost };
  let other: { id: string; token: string };
  let portalPort: number;
  let repoMarker: string;
  let listenersBefore: string[];

  /** What the route does: allowlist, then the confined run; refusals come back as messages. */
  async function terminal(line: string, opts: { stdin?: string; signal?: AbortSignal; limitMs?: number } = {}): Promise<{ error?: string; out: string; result?: RunResult }> {
    let cmd: AllowedCommand;
    try {
      cmd = checkCommand(line);
    } catch (e) {
      if (e instanceof CommandRefusedError) return { error: e.message, out: '' };
      throw e;
    }
    return bypass(cmd, opts);
  }

  /** Straight to the runner, as if the allowlist had let the command through: the sandbox must hold alone. */
  async function bypass(cmd: AllowedCommand, opts: { stdin?: string; signal?: AbortSignal; limitMs?: number } = {}): Promise<{ out: string; result: RunResult }> {
    let out = '';
    const result = await runKubectl(cmd, { cluster, tmpRoot, stdin: opts.stdin, signal: opts.signal ?? new AbortController().signal, limitMs: opts.limitMs, onOutput: (c) => (out += c) });
    return { out, result };
  }
  const raw = (...args: string[]): AllowedCommand => ({ args, follows: false });

  /** Neither the marker nor any cluster token but the learner's own ever appears. */
  const expectNoLeak = (out: string) => {
    expect(out).not.toContain(MARKER);
    expect(out).not.toContain(other.token);
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-hostile-data-'));
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-hostile-run-'));
    fs.writeFileSync(path.join(dataDir, 'instructor-token'), `${MARKER}\n`, { mode: 0o600 });
    fs.writeFileSync(path.join(dataDir, 'MARKER'), `${MARKER}\n`);
    repoMarker = path.resolve(`.hostile-terminal-marker-${randomBytes(4).toString('hex')}`);
    fs.writeFileSync(repoMarker, `${MARKER}\n`);
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 3, timeScale: 20, dataDir });
    stop = cli.stop;
    host = cli.host;
    portalPort = (cli.server.address() as net.AddressInfo).port;
    const record = host.listClusters()[0];
    cluster = { id: record.id, token: record.token, handler: host };
    const o = host.createCluster({ workers: 1 }).record;
    other = { id: o.id, token: o.token };
    listenersBefore = ourListeners();
  }, 60_000);

  afterAll(async () => {
    await stop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(tmpRoot, { recursive: true, force: true });
    if (repoMarker) fs.rmSync(repoMarker, { force: true });
  });

  describe('the allowlist refuses by name, and the terminal keeps working', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['reading the instructor token into a configmap with --from-file', 'kubectl create configmap leak --from-file=../../instructor-token', /^--from-file is refused/],
      ['reading the cluster records with --from-file=key=path', 'kubectl create configmap leak --from-file=k=../../sandbox-clusters.json', /^--from-file is refused/],
      ['--from-file given as a separate word', 'kubectl create configmap leak --from-file ../..', /^--from-file is refused/],
      ['--from-env-file', 'kubectl create configmap leak --from-env-file=../../MARKER', /^--from-env-file is refused/],
      ['--from_env_file spelled with underscores', 'kubectl create cm leak --from_env_file=../../MARKER', /^--from_env_file \(--from-env-file\) is refused/],
      ['a secret made --from-file', 'kubectl create secret generic leak --from-file=/srv/data/instructor-token', /^--from-file is refused/],
      ['create secret tls reading --cert and --key', 'kubectl create secret tls leak --cert=../../instructor-token --key=../../MARKER', /^kubectl create secret tls is refused/],
      ['-o go-template-file', 'kubectl get pods -o go-template-file=../../MARKER', /-o go-template-file reads a template from a file/],
      ['-ogo-template-file glued to -o', 'kubectl get pods -ogo-template-file=/srv/MARKER', /-o go-template-file reads a template/],
      ['-o=jsonpath-file', 'kubectl get pods -o=jsonpath-file=/srv/MARKER', /-o jsonpath-file reads a template/],
      ['--output=custom-columns-file', 'kubectl get pods --output=custom-columns-file=/srv/MARKER', /-o custom-columns-file reads a template/],
      ['-o templatefile with --template naming a file', 'kubectl get pods -o templatefile --template=/srv/MARKER', /-o templatefile reads a template/],
      ['-o template-file glued after -A', 'kubectl get pods -Aotemplate-file=/srv/MARKER', /-o template-file reads a template/],
      ['a verb hidden as the value of -n (proxy)', 'kubectl -n get proxy --port=18999', /^kubectl proxy is refused/],
      ['a verb hidden as the value of --namespace (config)', 'kubectl --namespace get config view --raw', /^kubectl config is refused/],
      ['a verb hidden as the value of -n (kustomize)', 'kubectl -n get kustomize ../..', /^kubectl kustomize is refused/],
      ['a verb hidden as the value of -n (cp to a server path)', 'kubectl -n get cp default/p:/etc/hostname /tmp/x', /^kubectl cp is refused/],
      ['a verb hidden behind --request-timeout', 'kubectl --request-timeout get proxy', /^kubectl proxy is refused/],
      ['a verb hidden as the value of -v', 'kubectl -v get plugin list', /^kubectl plugin is refused/],
      ['an exec credential plugin through config set-credentials', 'kubectl config set-credentials x --exec-command=/bin/sh', /^kubectl config is refused/],
      ['--profile with --profile_output', 'kubectl get pods --profile=cpu --profile_output=/tmp/x', /^--profile is refused/],
      ['--profile_output alone', 'kubectl get pods --profile_output=/tmp/x', /^--profile_output \(--profile-output\) is refused/],
      ['glued -Rs smuggling --server', 'kubectl get pods -Rs http://10.0.0.1 -v=9', /^-s \(--server\), in -Rs, is refused/],
      ['-s with its value glued', 'kubectl get pods -shttp://10.0.0.1', /^-s \(--server\), in -shttp:\/\/10\.0\.0\.1, is refused/],
      ['-s= before the verb', 'kubectl -s=http://10.0.0.1 get pods', /^-s \(--server\) is refused/],
      ['--server before the verb, its value a separate word', 'kubectl --server http://10.0.0.1 get pods', /^--server is refused/],
      ['--kubeconfig naming the cluster records', 'kubectl get pods --kubeconfig=../../sandbox-clusters.json', /^--kubeconfig is refused/],
      ['--token', 'kubectl get pods --token=abc', /^--token is refused/],
      ['--as impersonation', 'kubectl get secrets --as=system:admin', /^--as is refused: impersonation/],
      ['--as-group impersonation', 'kubectl get secrets --as-group=system:masters', /^--as-group is refused: impersonation/],
      ['--user, --context, --cluster', 'kubectl get pods --context=other', /^--context is refused/],
      ['--certificate-authority naming a server file', 'kubectl get pods --certificate-authority=/srv/MARKER', /^--certificate-authority is refused/],
      ['--client-key', 'kubectl get pods --client-key=/srv/key', /^--client-key is refused/],
      ['--insecure-skip-tls-verify', 'kubectl get pods --insecure-skip-tls-verify', /^--insecure-skip-tls-verify is refused/],
      ['--username and --password', 'kubectl get pods --username=admin --password=x', /^--username is refused/],
      ['--log-file', 'kubectl get pods --log-file=/tmp/x', /^--log-file is refused/],
      ['--log_file with an underscore', 'kubectl get pods --log_file=/tmp/x', /^--log_file \(--log-file\) is refused/],
      ['--log-dir', 'kubectl get pods --log-dir=/tmp', /^--log-dir is refused/],
      ['--logtostderr=false', 'kubectl get pods --logtostderr=false', /^--logtostderr is refused/],
      ['--cache-dir', 'kubectl get pods --cache-dir=/srv/cache', /^--cache-dir is refused/],
      ['--cache_dir with an underscore on api-resources', 'kubectl api-resources --cache_dir=/srv/cache', /^--cache_dir \(--cache-dir\) is refused/],
      ['-k (kustomize) of the data directory', 'kubectl apply -k ../..', /^-k \(--kustomize\) is refused/],
      ['--kustomize', 'kubectl get --kustomize=../.. pods', /^--kustomize is refused/],
      ['apply -f of a server path', 'kubectl apply -f ../../instructor-token', /only "editor" or a file of the resource library/],
      ['apply -f with a URL', 'kubectl apply -f http://127.0.0.1:1/x.yaml', /only "editor" or a file of the resource library/],
      ['apply -f glued to its value', 'kubectl apply -f/etc/passwd', /only "editor" or a file of the resource library/],
      ['apply -f climbing out of the library', 'kubectl apply -f workload-types/../../../instructor-token', /only "editor" or a file of the resource library/],
      ['cluster-info dump --output-directory', 'kubectl cluster-info dump --output-directory=/tmp/x', /^kubectl cluster-info dump is refused/],
      ['get --raw of another cluster', 'kubectl get --raw /k8s/other/token-x/api', /^--raw is refused/],
      ['patch --patch-file', 'kubectl patch deploy web --patch-file=../../MARKER', /^--patch-file is refused/],
      ['create --edit', 'kubectl create -f editor --edit', /^--edit is refused/],
      ['edit', 'kubectl edit deploy/web', /^kubectl edit is refused/],
      ['debug of a node', 'kubectl debug node/worker-1 -it --image=busybox', /^kubectl debug is refused/],
      ['attach', 'kubectl attach web-0 -i', /^kubectl attach is refused/],
      ['port-forward', 'kubectl port-forward pod/web 8080:80', /^kubectl port-forward is refused/],
      ['plugin', 'kubectl plugin list', /^kubectl plugin is refused/],
      ['completion', 'kubectl completion bash', /^kubectl completion is refused/],
      ['an interactive exec with -it', 'kubectl exec -it web-0 -- sh', /^-i \(--stdin\), in -it, is refused/],
      ['an interactive run with --rm -it', 'kubectl run x --rm -it --image=busybox -- sh', /^--rm is refused/],
      ['a kubectl plugin name as the verb', 'kubectl hack', /^kubectl hack is not available/],
      ['"--" used to slip a flag past a verb that takes no command', 'kubectl get pods -- --kubeconfig=/x', /"--" is refused for kubectl get/],
      ['---server (three dashes)', 'kubectl get pods ---server=x', /^bad flag syntax/],
      ['--=value', 'kubectl get pods --=x', /^bad flag syntax/],
      ['a Unicode hyphen in place of --', 'kubectl get pods ‐‐kubeconfig=/x', /dash that is not "-" \(U\+2010\)/],
      ['an en dash in place of -', 'kubectl get pods –s http://x', /U\+2013/],
      ['a full-width hyphen', 'kubectl get pods －s http://x', /U\+FF0D/],
      ['a Cyrillic letter inside a flag name', 'kubectl get pods --kubеconfig=/x', /^--kubеconfig is not a flag the lab terminal allows/],
      ['a NUL byte', 'kubectl get pods\u0000 --server=x', /control character \(U\+0000\)/],
      ['a zero-width space inside a flag', 'kubectl get pods --ser\u200bver=x', /U\+200B/],
      ['a right-to-left override', 'kubectl get pods \u202e--server=x', /U\+202E/],
      ['a newline starting a second command', 'kubectl get pods\nkubectl proxy', /one command per line/],
      ['a carriage return', 'kubectl get pods\rkubectl proxy', /one command per line/],
      ['a very long line', `kubectl get pods -l ${'a'.repeat(100_000)}`, /too long/],
      ['very many words', `kubectl get ${'pods '.repeat(200)}`, /too many words/],
      ['a shell pipeline', 'kubectl get pods | sh', /shell syntax/],
      ['command substitution in double quotes', 'kubectl get pods "$(cat /etc/passwd)"', /variables and command substitution/],
      ['a program other than kubectl', 'cat ../../instructor-token', /kubectl only/],
      ['stdin as a positional "-"', 'kubectl get -', /"-" \(stdin\) is not available/],
    ];
    it.each(cases)('%s is refused, naming what was refused', async (_name, line, why) => {
      const r = await terminal(line);
      expect(r.error).toMatch(why);
      expect(r.result).toBeUndefined();
      expectNoLeak(r.error!);
    });

    it('an ordinary command still runs after every refusal', async () => {
      for (const [, line] of cases) refusal(line);
      const r = await terminal('kubectl get nodes');
      expect(r.result?.exitCode).toBe(0);
      expect(r.out).toContain('worker-1');
    });
  });

  describe('the sandbox holds when a command gets past the allowlist', () => {
    it('configmap --from-file of the data directory\'s marker fails and creates nothing', async () => {
      const r = await bypass(raw('create', 'configmap', 'leak', `--from-file=${path.join(dataDir, 'instructor-token')}`));
      expect(r.result.exitCode).not.toBe(0);
      expectNoLeak(r.out);
      const get = await terminal('kubectl get configmap leak -o yaml');
      expect(get.out).toMatch(/NotFound/);
      expectNoLeak(get.out);
    });

    it('--from-file of the cluster records (every learner\'s token) fails', async () => {
      const r = await bypass(raw('create', 'secret', 'generic', 'leak', `--from-file=${path.join(dataDir, 'sandbox-clusters.json')}`));
      expect(r.result.exitCode).not.toBe(0);
      expectNoLeak(r.out);
    });

    it('--from-env-file of a marker in the portal\'s checkout fails', async () => {
      const r = await bypass(raw('create', 'configmap', 'leak2', `--from-env-file=${repoMarker}`));
      expect(r.result.exitCode).not.toBe(0);
      expectNoLeak(r.out);
    });

    it('-o go-template-file of the marker prints nothing of it', async () => {
      const r = await bypass(raw('get', 'nodes', `--output=go-template-file=${path.join(dataDir, 'MARKER')}`));
      expect(r.result.exitCode).not.toBe(0);
      expectNoLeak(r.out);
    });

    it('create secret tls --cert/--key of server files fails', async () => {
      const r = await bypass(raw('create', 'secret', 'tls', 'leak', `--cert=${path.join(dataDir, 'MARKER')}`, `--key=${path.join(dataDir, 'MARKER')}`));
      expect(r.result.exitCode).not.toBe(0);
      expectNoLeak(r.out);
    });

    it('--kubeconfig naming a file of the data directory cannot be read', async () => {
      const r = await bypass(raw('get', 'pods', `--kubeconfig=${path.join(dataDir, 'sandbox-clusters.json')}`));
      expect(r.result.exitCode).not.toBe(0);
      expectNoLeak(r.out);
    });

    it('--profile-output cannot write outside the run, and nothing outlives it', async () => {
      const target = path.join(os.tmpdir(), `kubelab-hostile-profile-${randomBytes(4).toString('hex')}`);
      const r = await bypass(raw('get', 'nodes', '--profile=cpu', `--profile-output=${target}`));
      expect(fs.existsSync(target)).toBe(false);
      expectNoLeak(r.out);
      const inside = await bypass(raw('get', 'nodes', '--profile=cpu', '--profile-output=/run/kubelab/kubeconfig'));
      expect(inside.out).toMatch(/read-only file system/);
    });

    it('--profile without an output path writes profile.pprof only inside the run', async () => {
      const before = new Set(fs.readdirSync(process.cwd()));
      await bypass(raw('get', 'nodes', '--profile=cpu'));
      expect(fs.readdirSync(process.cwd()).filter((f) => !before.has(f) && f.startsWith('profile'))).toEqual([]);
      expect(fs.existsSync(path.join(dataDir, 'profile.pprof'))).toBe(false);
      expect(fs.readdirSync(tmpRoot)).toEqual([]);
    });

    it('--cache-dir in the data directory writes nothing there', async () => {
      const cache = path.join(dataDir, 'cache-from-terminal');
      await bypass(raw('api-resources', `--cache-dir=${cache}`));
      expect(fs.existsSync(cache)).toBe(false);
    });

    it('--server naming the portal\'s own port cannot connect (no network but the gateway)', async () => {
      const r = await bypass(raw('get', 'pods', `--server=http://127.0.0.1:${portalPort}/k8s/${other.id}/token-${other.token}`, '--request-timeout=3s'));
      expect(r.result.exitCode).not.toBe(0);
      expect(r.out).toMatch(/connection refused|connect/i);
      expect(r.out).not.toMatch(/^NAME/m);
    });

    it('--server naming an outside address cannot connect', async () => {
      const r = await bypass(raw('get', 'pods', '--server=http://10.255.255.1:80', '--request-timeout=2s'));
      expect(r.result.exitCode).not.toBe(0);
      expect(r.out).toMatch(/unreachable|refused|timeout|connect/i);
    });

    it('--raw to another learner\'s cluster, with its right token, is forbidden by the gateway', async () => {
      const r = await bypass(raw('get', '--raw', `/k8s/${other.id}/token-${other.token}/api/v1/namespaces/default/configmaps`));
      expect(r.result.exitCode).not.toBe(0);
      expect(r.out).toMatch(/Forbidden|forbidden/);
      expect(r.out).not.toContain('kube-root-ca.crt');
    });

    it('--raw outside /k8s (the portal\'s own routes) is forbidden by the gateway', async () => {
      const r = await bypass(raw('get', '--raw', '/api/lab/kubeconfig'));
      expect(r.result.exitCode).not.toBe(0);
      expect(r.out).toMatch(/Forbidden|forbidden/);
    });

    it('--raw climbing out of the learner\'s cluster path with .. is forbidden', async () => {
      const r = await bypass(raw('get', '--raw', `/k8s/${cluster.id}/token-${cluster.token}/../../${other.id}/token-${other.token}/api`));
      expect(r.out).not.toMatch(/"kind":\s*"APIVersions"/);
    });

    it('kubectl proxy runs only inside the sandbox: no port opens on the server', async () => {
      const ac = new AbortController();
      let out = '';
      const run = runKubectl(raw('proxy', '--port=18999'), { cluster, tmpRoot, signal: ac.signal, onOutput: (c) => (out += c) });
      for (let i = 0; i < 100 && !out.includes('Starting to serve'); i++) await new Promise((r) => setTimeout(r, 50));
      const reachable = await new Promise<boolean>((resolve) => {
        const s = net.connect(18999, '127.0.0.1', () => (s.destroy(), resolve(true)));
        s.on('error', () => resolve(false));
      });
      ac.abort();
      await run;
      expect(out).toContain('Starting to serve');
      expect(reachable).toBe(false);
    });

    it('config set-credentials cannot change the run\'s kubeconfig (mounted read-only)', async () => {
      const r = await bypass(raw('config', 'set-credentials', 'kubelab', '--exec-command=/bin/sh'));
      expect(r.result.exitCode).not.toBe(0);
      expect(r.out).toMatch(/read-only|permission denied/i);
      const still = await terminal('kubectl get ns default -o name');
      expect(still.out).toBe('namespace/default\n');
    });

    it('cp to a path of the server writes nothing there', async () => {
      const target = path.join(dataDir, 'copied');
      await bypass(raw('cp', 'default/nope:/etc/hostname', target));
      expect(fs.existsSync(target)).toBe(false);
    });
  });

  describe('ordinary use keeps working inside the sandbox', () => {
    const pod = (name: string, args: string[]) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: main
    image: busybox:1.36
    command: ${JSON.stringify(args)}
`;

    it('kubectl get pods answers with the learner\'s cluster', async () => {
      const r = await terminal('kubectl get pods -A');
      expect(r.result?.exitCode).toBe(0);
      expect(r.result?.confined).toBe(true);
    });

    it('apply -f editor sends the editor\'s manifest on stdin', async () => {
      const r = await terminal('kubectl apply -f editor', { stdin: pod('ticker', ['sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done']) });
      expect(r.out).toBe('pod/ticker created\n');
      const w = await terminal('kubectl wait --for=condition=Ready pod/ticker --timeout=60s');
      expect(w.out).toBe('pod/ticker condition met\n');
    }, 40_000);

    it('exec POD -- ls runs in the pod (WebSocket through the gateway)', async () => {
      const r = await terminal('kubectl exec ticker -- ls /');
      expect(r.result?.exitCode).toBe(0);
      expect(r.out.split('\n')).toContain('etc');
    });

    it('logs -f follows until cancelled, and stops cleanly', async () => {
      const ac = new AbortController();
      let out = '';
      let sawTick!: () => void;
      const ticked = new Promise<void>((resolve) => (sawTick = resolve));
      const pending = runKubectl(checkCommand('kubectl logs -f ticker'), {
        cluster, tmpRoot, signal: ac.signal,
        onOutput: (c) => {
          out += c;
          if (/tick \d+\n/.test(out)) sawTick();
        },
      });
      await ticked;
      ac.abort();
      const r = await pending;
      expect(r.stopped).toBe('cancelled');
      expect(out).toMatch(/tick \d+/);
    }, 30_000);

    it('a third concurrent run for one learner is refused, and a slot frees when a run ends', async () => {
      const slots = new RunSlots();
      const acs = [new AbortController(), new AbortController()];
      const releases = acs.map(() => slots.acquire('learner-a'));
      const runs = acs.map((ac) => terminal('kubectl get pods -w', { signal: ac.signal }));
      expect(() => slots.acquire('learner-a')).toThrow(TooManyRunsError);
      expect(() => slots.acquire('learner-a')).toThrow(/you already have 2 kubectl commands running; stop one \(Ctrl\+C\)/);
      const b = slots.acquire('learner-b');
      b();
      acs[0].abort();
      await runs[0];
      releases[0]();
      const third = slots.acquire('learner-a');
      acs[1].abort();
      await runs[1];
      releases[1]();
      third();
      expect(slots.inUse('learner-a')).toBe(0);
    });
  });

  describe('after everything', () => {
    it('no run left a file in its temp directory', () => {
      expect(fs.readdirSync(tmpRoot)).toEqual([]);
    });

    it('no file appeared in the data directory from the terminal', () => {
      expect(fs.readdirSync(dataDir).filter((f) => !/^(instructor-token|MARKER|kubeconfig|sandbox-clusters\.json.*|.*\.sqlite.*|.*\.db.*)$/.test(f))).toEqual([]);
    });

    it('no new port is listening on the server for this process or its children', () => {
      expect(ourListeners()).toEqual(listenersBefore);
    });

    it('no sandbox process outlived its run', async () => {
      for (let i = 0; i < 50 && sandboxLeftovers().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(sandboxLeftovers()).toEqual([]);
    });
  });
});

describe.runIf(required)('the terminal route, as the browser calls it', () => {
  let harness: RouteHarness;
  let cookie: string;
  beforeAll(async () => {
    harness = await startRouteHarness();
    cookie = pageLoad()!;
  });
  afterAll(async () => {
    await harness?.close();
  });

  const post = (command: string, signal?: AbortSignal) => terminalRoute.POST(new Request(request('/api/lab/terminal', { cookie, body: { command } }), { signal }));
  /** The NDJSON lines of a terminal answer. */
  const lines = async (res: Response) => (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { out?: string; exit?: number; error?: string; stopped?: string });

  it('answers a refused command with an NDJSON error naming it, and kubectl never starts', async () => {
    const res = await post('kubectl -n get proxy --port=18999');
    expect(res.status).toBe(200);
    const out = await lines(res);
    expect(out[0]).toEqual({ error: expect.stringMatching(/^kubectl proxy is refused: kubectl proxy opens a port on the portal server/) });
    // The line runs in the workstation shell (issue 19): it ends with the shell's status, and no `exit` since no kubectl ran.
    expect(out.at(-1)).toEqual({ status: 1 });
    expect(out.some((l) => 'exit' in l)).toBe(false);
  });

  it('streams an allowed command\'s output, then its exit code', async () => {
    const out = await lines(await post('kubectl get ns default -o name'));
    expect(out.map((l) => l.out ?? '').join('')).toBe('namespace/default\n');
    expect(out.at(-1)).toMatchObject({ exit: 0 });
  });

  it('refuses a second line while one runs (409), a third concurrent kubectl inside the shell with the slots\' reason, and runs again after', async () => {
    // One workstation shell per learner runs one line at a time (issue 19); the two-runs-per-learner
    // slots still hold for kubectl commands the shell runs at once (in the background).
    const ac = new AbortController();
    const running = await post('kubectl get configmaps -w', ac.signal);
    expect(running.status).toBe(200);
    const second = await answered(await post('kubectl get pods'));
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ error: 'WorkstationBusy', message: expect.stringMatching(/still running a command/) });
    ac.abort();
    expect((await lines(running)).at(-1)).toMatchObject({ stopped: 'cancelled' });
    const three = await lines(await post('kubectl get cm -w > /dev/null & kubectl get cm -w > /dev/null & sleep 1; kubectl get pods; kill %1 %2; wait'));
    expect(three.map((l) => l.out ?? '').join('')).toMatch(/you already have 2 kubectl commands running/);
    const again = await lines(await post('kubectl get ns default -o name'));
    expect(again.at(-1)).toMatchObject({ exit: 0 });
  });
});
