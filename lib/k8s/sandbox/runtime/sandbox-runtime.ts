/**
 * The product's ContainerRuntime: each container is a process of the streaming shell
 * (runtime/shell) over a filesystem built from its image (runtime/images) and its mounts
 * (runtime/vfs), on the cluster network (network/), in the cluster's virtual time. The
 * kubelet drives it through the runtime interface only (runtime/types.ts).
 *
 * Volumes: an emptyDir lives as long as its pod; a hostPath is a subtree of its node's own
 * filesystem (fluentd on worker-1 reads worker-1's /var/log); a PersistentVolume's data is kept
 * by volume name, so a StatefulSet pod's file survives the pod.
 */
import type { ClusterNetwork, Listener } from '../network/types';
import { expandRefs } from '../core/expand-refs';
import { imageCommands } from './images';
import { ImageServiceImpl, imageConfig } from './images/image-service';
import { networkCommands } from './network-commands';
import { CommandNotFoundError, spawnProcess, type ProcessExit, type ShellProcess } from './shell/spawn';
import { createBudget, type BudgetLimits, type ContainerBudget } from './shell/budget';
import type { ClusterBudget } from './cluster-budget';
import type { PacerClock } from './shell/pacer';
import { ProcessTable } from './shell/process-table';
import { LayeredVfs, MemoryVfs, SubdirVfs } from './vfs';
import type { Vfs } from './vfs-types';
import {
  ContainerConfigError,
  type ContainerConfig, type ContainerExit, type ContainerRuntime, type ExecIO, type ExecSession, type Mount, type OutputLine,
  type Probe, type ProbeResult, type RunningContainer, type Signal, type ContainerUsage,
} from './types';

export interface SandboxRuntimeOptions {
  clock: PacerClock;
  net: ClusterNetwork;
  random?: () => number;
  budget?: Partial<BudgetLimits>;
  /** The cluster's shared disks and CPU (runtime/cluster-budget.ts); without it, none are shared. */
  cluster?: ClusterBudget;
}

/** Per container log file on the node before it is rotated. */
const NODE_LOG_MAX_BYTES = 256 * 1024;

function fnvHex(text: string): string {
  let out = '';
  for (let round = 0; round < 8; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

/** What a runaway container may hold in an emptyDir or a PersistentVolume (a sandbox, not a disk). */
const VOLUME_LIMIT_BYTES = 64 * 1024 * 1024;

const COMMANDS = { ...networkCommands, ...imageCommands };
/** busybox and alpine ship wget, nc and nslookup as applets, but no curl. */
const { curl: _curl, ...COMMANDS_WITHOUT_CURL } = COMMANDS;

function commandsFor(image: string): typeof COMMANDS {
  return /(^|\/)(busybox|alpine)(:|@|$)/.test(image) ? COMMANDS_WITHOUT_CURL as typeof COMMANDS : COMMANDS;
}

const STANDARD_DIRS = ['/tmp', '/var/tmp', '/var/log', '/root', '/home', '/etc', '/usr/local/bin', '/run', '/opt', '/srv', '/mnt'];

/** Kubernetes' command/args rules over the image's Entrypoint/Cmd (and $(VAR) expansion). */
export function containerArgv(config: ContainerConfig, image: { entrypoint: string[]; cmd: string[] }): string[] {
  const vars = new Map(config.env.map((e) => [e.name, e.value]));
  const expand = (xs: string[]) => xs.map((x) => expandRefs(x, vars));
  if (config.command) return [...expand(config.command), ...expand(config.args ?? [])];
  if (config.args) return [...image.entrypoint, ...expand(config.args)];
  return [...image.entrypoint, ...image.cmd];
}

/** Splits a stream into lines as they complete; flush() emits a final partial line. */
class LineSplitter {
  private buf = '';
  constructor(private readonly stream: OutputLine['stream'], private readonly emit: (l: OutputLine) => void) {}
  write(chunk: string): void {
    this.buf += chunk;
    let i = this.buf.indexOf('\n');
    while (i >= 0) {
      this.emit({ stream: this.stream, text: this.buf.slice(0, i).replace(/\r$/, '') });
      this.buf = this.buf.slice(i + 1);
      i = this.buf.indexOf('\n');
    }
    // A line without newline longer than the kubelet's 16 KiB log line is split, as CRI does.
    while (this.buf.length > 16 * 1024) {
      this.emit({ stream: this.stream, text: this.buf.slice(0, 16 * 1024) });
      this.buf = this.buf.slice(16 * 1024);
    }
  }
  flush(): void {
    if (this.buf) this.emit({ stream: this.stream, text: this.buf });
    this.buf = '';
  }
}

function podFiles(config: ContainerConfig): Record<string, string> {
  const fqdn = config.subdomain ? `${config.hostname}.${config.subdomain}.${config.namespace}.svc.cluster.local` : undefined;
  return {
    '/etc/hostname': `${config.hostname}\n`,
    '/etc/hosts': `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${config.podIP}\t${fqdn ? `${fqdn}\t` : ''}${config.hostname}\n`,
    '/etc/resolv.conf': `search ${config.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`,
  };
}

function withSlash(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k.startsWith('/') ? k : `/${k}`, v]));
}

function exitOf(p: ProcessExit, memoryLimit: number | undefined): ContainerExit {
  if (p.error) {
    // Past resources.limits.memory (or the sandbox's file cap under a memory limit) the kernel's OOM
    // killer SIGKILLs the cgroup and the runtime reports reason OOMKilled, exit code 137 and no
    // message (containerd's CRI status); other budgets are the sandbox's own, so they say which.
    const oom = p.error.kind === 'memory' || (p.error.kind === 'fileBytes' && memoryLimit !== undefined);
    return oom ? { exitCode: 137, reason: 'OOMKilled', signal: 9 } : { exitCode: 137, reason: 'Error', signal: 9, message: p.error.message };
  }
  if (p.signal) {
    const n = p.signal === 'SIGKILL' ? 9 : p.signal === 'SIGINT' ? 2 : p.signal === 'SIGHUP' ? 1 : 15;
    return { exitCode: 128 + n, reason: 'Error', signal: n };
  }
  return { exitCode: p.code, reason: p.code === 0 ? 'Completed' : 'Error' };
}

export class SandboxRuntime implements ContainerRuntime {
  readonly images = new ImageServiceImpl();
  private readonly emptyDirs = new Map<string, MemoryVfs>();
  private readonly nodeRoots = new Map<string, MemoryVfs>();
  private readonly volumes = new Map<string, MemoryVfs>();
  private readonly byPod = new Map<string, Set<SandboxContainer>>();
  private readonly podLogFiles = new Map<string, Set<string>>();
  private readonly sharedProcesses = new Map<string, ProcessTable>();

  constructor(private readonly opts: SandboxRuntimeOptions) {}

  /** The cluster's network, for a learner's workstation shell that reaches it virtually (lib/workstation). */
  get network(): ClusterNetwork {
    return this.opts.net;
  }

  /** A node's own filesystem (hostPath volumes); created on first use. */
  nodeFs(node: string): MemoryVfs {
    let fs = this.nodeRoots.get(node);
    if (!fs) this.nodeRoots.set(node, (fs = new MemoryVfs({ files: { '/var/log/syslog': '', '/var/log/containers/.keep': '' }, pool: this.opts.cluster?.nodeFs })));
    return fs;
  }

  /** A PersistentVolume's data, by volume name. */
  volumeFs(volumeName: string): MemoryVfs {
    let fs = this.volumes.get(volumeName);
    if (!fs) this.volumes.set(volumeName, (fs = new MemoryVfs({ limitBytes: VOLUME_LIMIT_BYTES, pool: this.opts.cluster?.containerFs })));
    return fs;
  }

  private mountVfs(m: Mount): Vfs {
    let vfs: Vfs;
    const src = m.source;
    switch (src.type) {
      case 'emptyDir': {
        const key = `${src.podUid}/${src.volume}`;
        let fs = this.emptyDirs.get(key);
        if (!fs) this.emptyDirs.set(key, (fs = new MemoryVfs({ limitBytes: Math.min(src.sizeLimitBytes ?? VOLUME_LIMIT_BYTES, VOLUME_LIMIT_BYTES), pool: this.opts.cluster?.containerFs })));
        vfs = fs;
        break;
      }
      case 'hostPath': {
        const node = this.nodeFs(src.node);
        if (!node.exists(src.path)) {
          if (src.hostPathType === 'File' || src.hostPathType === 'Directory' || src.hostPathType === 'Socket') {
            throw new ContainerConfigError('', `hostPath type check failed: ${src.path} is not a ${src.hostPathType.toLowerCase()}`);
          }
          if (src.hostPathType === 'FileOrCreate') node.writeFile(src.path, '');
          else node.mkdir(src.path, { recursive: true });
        }
        vfs = node.stat(src.path).type === 'dir' ? new SubdirVfs(node, src.path) : node;
        break;
      }
      case 'persistent':
        vfs = this.volumeFs(src.volumeName);
        break;
      case 'files':
        vfs = new MemoryVfs({ files: withSlash(src.files) });
        break;
    }
    if (m.subPath) {
      if (!vfs.exists(`/${m.subPath}`)) vfs.mkdir(`/${m.subPath}`, { recursive: true });
      vfs = new SubdirVfs(vfs, `/${m.subPath}`);
    }
    return vfs;
  }

  start(config: ContainerConfig, onOutput: (line: OutputLine) => void): RunningContainer {
    const image = imageConfig(config.image);
    const root = new MemoryVfs({ files: { ...image.files, ...podFiles(config) }, pool: this.opts.cluster?.containerFs });
    // The directories every Linux image has, whatever files its layer lists.
    for (const dir of STANDARD_DIRS) if (!root.exists(dir)) root.mkdir(dir, { recursive: true });
    const fs = new LayeredVfs(root);
    for (const m of config.mounts) {
      try {
        fs.mount(m.mountPath, this.mountVfs(m), { readOnly: m.readOnly });
      } catch (e) {
        if (e instanceof ContainerConfigError) throw new ContainerConfigError(config.containerName, e.message);
        throw new ContainerConfigError(config.containerName, `failed to mount ${m.mountPath}: ${(e as Error).message}`);
      }
    }
    const argv = containerArgv(config, image);
    if (argv.length === 0) throw new ContainerConfigError(config.containerName, 'no command specified');
    const nodeLog = this.containerLogFile(config);
    const tee = (line: OutputLine) => {
      onOutput(line);
      nodeLog(line);
    };
    // A target's processes are the ones this container sees and signals (a shared PID namespace).
    const target = config.targetContainerName ? [...(this.byPod.get(config.podUid) ?? [])].find((x) => x.name === config.targetContainerName) : undefined;
    const processes = target?.processes ?? (config.shareProcessNamespace ? this.podProcesses(config.podUid) : undefined);
    const c = new SandboxContainer(this.opts, config, image.env, image.workingDir, fs, argv, tee, processes);
    let set = this.byPod.get(config.podUid);
    if (!set) this.byPod.set(config.podUid, (set = new Set()));
    set.add(c);
    void c.exited.then(() => {
      set.delete(c);
      // A restarted container gets a fresh root filesystem: this one's bytes go back to the cluster's disk.
      root.release();
    });
    return c;
  }

  /**
   * The node-side copy of a container's output, in the CRI log format the kubelet writes under
   * /var/log/containers (what fluentd and fluent-bit DaemonSets tail through hostPath).
   * Rotated like the kubelet's containerLogMaxSize, at a sandbox-sized limit.
   */
  private containerLogFile(config: ContainerConfig): (line: OutputLine) => void {
    const node = this.nodeFs(config.nodeName);
    const id = fnvHex(`${config.podUid}/${config.containerName}/${this.opts.clock.now()}`);
    const file = `/var/log/containers/${config.podName}_${config.namespace}_${config.containerName}-${id}.log`;
    if (!node.exists('/var/log/containers')) node.mkdir('/var/log/containers', { recursive: true });
    let paths = this.podLogFiles.get(config.podUid);
    if (!paths) this.podLogFiles.set(config.podUid, (paths = new Set()));
    paths.add(`${config.nodeName}\u0000${file}`);
    return (line) => {
      const ts = new Date(this.opts.clock.now()).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
      try {
        if (node.exists(file) && node.stat(file).size > NODE_LOG_MAX_BYTES) node.writeFile(file, node.readFile(file).slice(-NODE_LOG_MAX_BYTES / 2));
        node.writeFile(file, `${ts} ${line.stream} F ${line.text}\n`, { append: true });
      } catch {
        // A full node log never stops the container (the kubelet drops lines too).
      }
    };
  }

  /** A pod's shared process namespace (spec.shareProcessNamespace): the pause container is its PID 1. */
  private podProcesses(podUid: string): ProcessTable {
    let table = this.sharedProcesses.get(podUid);
    if (!table) {
      this.sharedProcesses.set(podUid, (table = new ProcessTable()));
      table.add({ ppid: 0, command: '/pause', startedAt: this.opts.clock.now(), signal: () => undefined });
    }
    return table;
  }

  removePod(podUid: string): void {
    this.sharedProcesses.delete(podUid);
    for (const entry of this.podLogFiles.get(podUid) ?? []) {
      const [node, file] = entry.split('\u0000');
      try {
        this.nodeFs(node).rm(file, { force: true });
      } catch {
        // already gone
      }
    }
    this.podLogFiles.delete(podUid);
    for (const c of this.byPod.get(podUid) ?? []) c.signal('SIGKILL');
    this.byPod.delete(podUid);
    for (const [key, fs] of [...this.emptyDirs]) {
      if (!key.startsWith(`${podUid}/`)) continue;
      fs.release();
      this.emptyDirs.delete(key);
    }
  }

  close(): void {
    for (const set of this.byPod.values()) for (const c of set) c.signal('SIGKILL');
    this.byPod.clear();
  }
}

class SandboxContainer implements RunningContainer {
  readonly exited: Promise<ContainerExit>;
  /** Its PID namespace: its own, the pod's (shareProcessNamespace) or its target's (an ephemeral container). */
  readonly processes: ProcessTable;
  private readonly budget: ContainerBudget;
  private readonly ports = new Set<number>();
  private readonly net: ClusterNetwork;
  private main: ShellProcess | undefined;
  /** kubectl attach sessions: each gets the main process's output as it is written. */
  private readonly attached = new Set<ExecIO>();
  private readonly env: Record<string, string>;

  constructor(
    private readonly opts: SandboxRuntimeOptions,
    private readonly config: ContainerConfig,
    imageEnv: Record<string, string>,
    imageWorkingDir: string,
    private readonly fs: Vfs,
    argv: string[],
    onOutput: (line: OutputLine) => void,
    sharedProcesses?: ProcessTable,
  ) {
    this.processes = sharedProcesses ?? new ProcessTable();
    this.budget = createBudget({ ...opts.budget, ...(config.memoryLimitBytes ? { maxFileBytes: Math.min(config.memoryLimitBytes, opts.budget?.maxFileBytes ?? Infinity), memoryLimitBytes: config.memoryLimitBytes } : {}) }, { cpu: opts.cluster?.cpu, hostCpu: opts.cluster?.hostCpu });
    this.env = { ...imageEnv, HOSTNAME: config.hostname, ...Object.fromEntries(config.env.map((e) => [e.name, e.value])) };
    // Listeners a process opens are the container's ports (probes, listeningPorts).
    const ports = this.ports;
    const net = opts.net;
    this.net = {
      resolve: (name, ns) => net.resolve(name, ns),
      dial: (ip, port, from) => net.dial(ip, port, from ?? config.podIP),
      listen: (podIP: string, l: Listener) => {
        const stop = net.listen(podIP, l);
        ports.add(l.port);
        return () => {
          ports.delete(l.port);
          stop();
        };
      },
    } as ClusterNetwork;
    const out = new LineSplitter('stdout', onOutput);
    const err = new LineSplitter('stderr', onOutput);
    const cwd = config.workingDir ?? imageWorkingDir ?? '/';
    try {
      const attached = this.attached;
      const onStdout = (c: string) => {
        out.write(c);
        for (const a of attached) a.stdout(c);
      };
      const onStderr = (c: string) => {
        err.write(c);
        for (const a of attached) a.stderr(c);
      };
      this.main = this.spawn(argv, { cwd, onStdout, onStderr, stdin: Boolean(config.stdin), tty: false, initProcess: true });
      const memoryLimit = config.memoryLimitBytes;
      this.exited = this.main.exited.then((p) => {
        out.flush();
        err.flush();
        return exitOf(p, memoryLimit);
      });
    } catch (e) {
      if (!(e instanceof CommandNotFoundError)) throw e;
      // containerd's StartError: the kubelet shows exit code 128 and this message.
      this.exited = Promise.resolve({ exitCode: 128, reason: 'ContainerCannotRun', message: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${e.message}: unknown` });
    }
  }

  private spawn(argv: string[], o: { cwd: string; onStdout(c: string): void; onStderr(c: string): void; stdin: boolean; tty: boolean; initProcess?: boolean }): ShellProcess {
    const c = this.config;
    return spawnProcess({
      argv,
      env: this.env,
      cwd: o.cwd,
      fs: this.fs,
      clock: this.opts.clock,
      net: this.net,
      pod: { namespace: c.namespace, name: c.podName, hostname: c.hostname, subdomain: c.subdomain, ip: c.podIP, node: c.nodeName },
      budget: this.budget,
      random: this.opts.random,
      commands: commandsFor(c.image),
      processes: this.processes,
      stdin: o.stdin,
      tty: o.tty,
      onStdout: o.onStdout,
      onStderr: o.onStderr,
      initProcess: o.initProcess,
    });
  }

  /** The container's name in its pod. */
  get name(): string {
    return this.config.containerName;
  }

  signal(sig: Signal): void {
    this.main?.kill(sig);
  }

  exec(command: string[], io: ExecIO, opts: { stdin: boolean; tty: boolean }): ExecSession {
    let p: ShellProcess;
    try {
      p = this.spawn(command, { cwd: this.config.workingDir ?? '/', onStdout: io.stdout, onStderr: io.stderr, stdin: opts.stdin, tty: opts.tty });
    } catch (e) {
      if (!(e instanceof CommandNotFoundError)) throw e;
      io.stderr(`OCI runtime exec failed: exec failed: unable to start container process: ${e.message}: unknown\r\n`);
      io.exit(126);
      return { write: () => undefined, closeStdin: () => undefined, kill: () => undefined };
    }
    void p.exited.then((x) => io.exit(exitOf(x, undefined).exitCode));
    return {
      write: (d) => p.stdin.write(d),
      closeStdin: () => p.stdin.close(),
      kill: () => p.kill('SIGKILL'),
    };
  }

  attach(io: ExecIO, opts: { stdin: boolean }): ExecSession {
    const main = this.main;
    // The kubelet's attach ends when the container does (its streams close, no error status).
    let done = false;
    const detach = () => {
      done = true;
      this.attached.delete(io);
    };
    this.attached.add(io);
    void this.exited.then(() => {
      if (done) return;
      detach();
      io.exit(0);
    });
    // Stdin reaches the main process only when the spec opened it (spec.stdin); otherwise it is dropped, as the runtime does.
    const stdin = opts.stdin && this.config.stdin && main ? main.stdin : undefined;
    return {
      write: (d) => stdin?.write(d),
      // Closing one attach's stdin leaves the container's open (stdinOnce is not modelled).
      closeStdin: () => undefined,
      kill: detach,
    };
  }

  async probe(probe: Probe): Promise<ProbeResult> {
    const c = this.config;
    const timeout = <T>(work: Promise<T>, onTimeout: () => T): Promise<T> => new Promise((resolve) => {
      const cancel = this.opts.clock.setTimer(probe.timeoutMs, () => resolve(onTimeout()));
      void work.then((v) => {
        cancel();
        resolve(v);
      });
    });
    switch (probe.type) {
      case 'exec': {
        let output = '';
        let p: ShellProcess;
        try {
          p = this.spawn(probe.command, { cwd: c.workingDir ?? '/', onStdout: (s) => (output += s), onStderr: (s) => (output += s), stdin: false, tty: false });
        } catch (e) {
          return { ok: false, output: (e as Error).message };
        }
        return timeout(p.exited.then((x) => ({ ok: x.code === 0 && !x.signal, output: output.trim() })), () => {
          p.kill('SIGKILL');
          return { ok: false, output: `command timed out: "${probe.command.join(' ')}" timed out after ${probe.timeoutMs / 1000}s` };
        });
      }
      case 'tcpSocket': {
        const host = probe.host ?? c.podIP;
        const r = this.net.dial(host, probe.port, c.podIP);
        if (typeof r === 'string') return { ok: false, output: `dial tcp ${host}:${probe.port}: connect: ${r === 'ECONNREFUSED' ? 'connection refused' : r === 'EHOSTUNREACH' ? 'no route to host' : 'i/o timeout'}` };
        return { ok: true, output: '' };
      }
      case 'grpc':
        return { ok: this.ports.has(probe.port), output: this.ports.has(probe.port) ? '' : `timeout: failed to connect service ":${probe.port}" within 1s: context deadline exceeded` };
      case 'httpGet': {
        const host = probe.host ?? c.podIP;
        const url = `${(probe.scheme ?? 'HTTP').toLowerCase()}://${host}:${probe.port}${probe.path}`;
        const r = this.net.dial(host, probe.port, c.podIP);
        if (typeof r === 'string') return { ok: false, output: `Get "${url}": dial tcp ${host}:${probe.port}: connect: ${r === 'ECONNREFUSED' ? 'connection refused' : 'no route to host'}` };
        if (!r.http) return { ok: false, output: `Get "${url}": net/http: HTTP/1.x transport connection broken: malformed HTTP response` };
        const headers = Object.fromEntries((probe.headers ?? []).map((h) => [h.name.toLowerCase(), h.value]));
        return timeout(
          r.http({ method: 'GET', path: probe.path, headers: { host: `${host}:${probe.port}`, 'user-agent': 'kube-probe/1.32', ...headers }, body: '' }, c.podIP)
            .then((res) => (res.status >= 200 && res.status < 400 ? { ok: true, output: '' } : { ok: false, output: `HTTP probe failed with statuscode: ${res.status}` }), (e: unknown) => ({ ok: false, output: `Get "${url}": ${(e as Error).message}` })),
          () => ({ ok: false, output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` }),
        );
      }
    }
  }

  listeningPorts(): number[] {
    return [...this.ports].sort((a, b) => a - b);
  }

  /** What metrics.k8s.io reports: the steps its processes ran, and memory from processes and files. */
  usage(): ContainerUsage {
    const bytes = this.budget.memoryBytes();
    const limit = this.config.memoryLimitBytes;
    return { cpuSteps: this.budget.steps, stepsPerSecond: this.budget.limits.stepsPerSecond, memoryBytes: limit ? Math.min(bytes, limit) : bytes };
  }
}
