/**
 * ScriptedRuntime: a real ContainerRuntime for kubelet tests whose containers do what a
 * script says instead of running commands: print lines at virtual times, exit with a code
 * after N ms, listen on ports, answer probes and exec, handle SIGTERM after a delay. It has
 * a small image catalog (busybox, nginx, redis) and remembers which node has which image.
 * Everything waits on the cluster clock, so a ManualClock test moves it with sim.run().
 */
import type { ClockPort } from '../../core/clock-port';
import type {
  ContainerConfig, ContainerExit, ContainerRuntime, ExecIO, ExecSession, ImagePullResult, ImageService, OutputLine, Probe, ProbeResult, RunningContainer, Signal,
} from '../../runtime/types';

export interface ScriptedImage {
  /** Canonical reference, e.g. docker.io/library/busybox:1.36. */
  ref: string;
  digest: string;
  sizeBytes: number;
  pullMs: number;
}

/** What one run of a container does. Times are virtual ms since it started. */
export interface ContainerScript {
  output?: { atMs: number; text: string; stream?: 'stdout' | 'stderr' }[];
  /** Exits by itself after this long; omitted: runs until signalled. */
  exitAfterMs?: number;
  exitCode?: number;
  reason?: ContainerExit['reason'];
  /** SIGTERM: 'ignore' (only SIGKILL ends it), or exit after a delay with a code (default: at once, 143). */
  onSigterm?: 'ignore' | { exitAfterMs: number; exitCode?: number };
  listen?: number[];
  /** Answers probes (default: tcp/http succeed on listened ports, exec succeeds). */
  probe?: (probe: Probe, elapsedMs: number) => ProbeResult;
  /** Answers exec (default: exit 0, no output). */
  exec?: (command: string[]) => { stdout?: string; stderr?: string; exitCode: number };
}

/** Picks the script for a container run; run counts from 0 per pod UID and container. */
export type ScriptFor = (config: ContainerConfig, run: number) => ContainerScript;

export class RuntimeClockMissingError extends Error {
  constructor() {
    super('ScriptedRuntime: attach(clock) before containers start');
    this.name = 'RuntimeClockMissingError';
  }
}

function digestOf(name: string): string {
  // A fixed-looking sha256 per image name, so imageIDs are stable across runs.
  let h = 0x811c9dc5;
  let out = '';
  for (let i = 0; out.length < 64; i++) {
    h = Math.imul(h ^ (name.charCodeAt(i % name.length) + i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return `sha256:${out.slice(0, 64)}`;
}

function image(ref: string, sizeBytes: number, pullMs: number): ScriptedImage {
  return { ref, digest: digestOf(ref), sizeBytes, pullMs };
}

export const DEFAULT_IMAGES: ScriptedImage[] = [
  image('docker.io/library/busybox:latest', 2_156_000, 1_200),
  image('docker.io/library/busybox:1.36', 2_155_846, 1_200),
  image('docker.io/library/busybox:1.37', 2_166_802, 1_200),
  image('docker.io/library/nginx:latest', 72_188_133, 4_500),
  image('docker.io/library/nginx:1.27', 72_099_501, 4_500),
  image('docker.io/library/redis:7', 45_312_115, 3_000),
];

/** `busybox` → docker.io/library/busybox:latest, as containerd normalises references. */
export function normaliseImage(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9._\-/:@]*$/.test(name)) return undefined;
  let ref = name;
  const lastSlash = ref.lastIndexOf('/');
  if (!ref.slice(lastSlash + 1).includes(':') && !ref.includes('@')) ref += ':latest';
  const first = ref.split('/')[0];
  if (!ref.includes('/')) ref = `docker.io/library/${ref}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') ref = `docker.io/${ref}`;
  return ref;
}

class ScriptedImages implements ImageService {
  private readonly onNode = new Set<string>();
  constructor(private readonly catalog: Map<string, ScriptedImage>) {}

  pull(name: string): ImagePullResult {
    const ref = normaliseImage(name);
    if (!ref) return { ok: false, reason: 'InvalidImageName', message: `Failed to apply default image tag "${name}": couldn't parse image name "${name}": invalid reference format` };
    const img = this.catalog.get(ref);
    if (!img) {
      return {
        ok: false,
        reason: 'ErrImagePull',
        message: `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
      };
    }
    const repo = ref.slice(0, ref.lastIndexOf(':'));
    return { ok: true, imageRef: ref, imageID: `${repo}@${img.digest}`, sizeBytes: img.sizeBytes, pullMs: img.pullMs };
  }

  present(node: string, name: string): boolean {
    return this.onNode.has(`${node}|${normaliseImage(name)}`);
  }

  markPresent(node: string, name: string): void {
    this.onNode.add(`${node}|${normaliseImage(name)}`);
  }
}

class ScriptedContainer implements RunningContainer {
  readonly exited: Promise<ContainerExit>;
  private resolveExit!: (e: ContainerExit) => void;
  private done = false;
  private readonly timers: (() => void)[] = [];
  private readonly startedAt: number;

  constructor(private readonly clock: ClockPort, private readonly script: ContainerScript, onOutput: (line: OutputLine) => void) {
    this.startedAt = clock.now();
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    for (const o of script.output ?? []) {
      this.timers.push(clock.setTimer(o.atMs, () => !this.done && onOutput({ stream: o.stream ?? 'stdout', text: o.text })));
    }
    if (script.exitAfterMs !== undefined) {
      const code = script.exitCode ?? 0;
      this.timers.push(clock.setTimer(script.exitAfterMs, () => this.finish({ exitCode: code, reason: script.reason ?? (code === 0 ? 'Completed' : 'Error') })));
    }
  }

  private finish(exit: ContainerExit): void {
    if (this.done) return;
    this.done = true;
    for (const cancel of this.timers.splice(0)) cancel();
    this.resolveExit(exit);
  }

  signal(sig: Signal): void {
    if (this.done) return;
    if (sig === 'SIGKILL') return this.finish({ exitCode: 137, reason: 'Error', signal: 9 });
    if (sig !== 'SIGTERM') return;
    const on = this.script.onSigterm;
    if (on === 'ignore') return;
    if (!on) return this.finish({ exitCode: 143, reason: 'Error', signal: 15 });
    const code = on.exitCode ?? 143;
    this.timers.push(this.clock.setTimer(on.exitAfterMs, () => this.finish({ exitCode: code, reason: code === 0 ? 'Completed' : 'Error' })));
  }

  exec(command: string[], io: ExecIO): ExecSession {
    const result = this.done ? { stderr: 'container not running\n', exitCode: 126 } : (this.script.exec?.(command) ?? { exitCode: 0 });
    queueMicrotask(() => {
      if (result.stdout) io.stdout(result.stdout);
      if (result.stderr) io.stderr(result.stderr);
      io.exit(result.exitCode);
    });
    return { write: () => undefined, closeStdin: () => undefined, kill: () => undefined };
  }

  probe(probe: Probe): Promise<ProbeResult> {
    if (this.script.probe) return Promise.resolve(this.script.probe(probe, this.clock.now() - this.startedAt));
    if (probe.type === 'exec') return Promise.resolve({ ok: true, output: '' });
    const port = probe.port;
    if (this.listeningPorts().includes(port)) return Promise.resolve({ ok: true, output: '' });
    const output = probe.type === 'httpGet'
      ? `Get "http://10.244.0.0:${port}${probe.path}": dial tcp 10.244.0.0:${port}: connect: connection refused`
      : `dial tcp 10.244.0.0:${port}: connect: connection refused`;
    return Promise.resolve({ ok: false, output });
  }

  listeningPorts(): number[] {
    return this.done ? [] : [...(this.script.listen ?? [])];
  }
}

export interface ScriptedRuntimeOptions {
  images?: ScriptedImage[];
  script?: ScriptFor;
}

export class ScriptedRuntime implements ContainerRuntime {
  readonly images: ScriptedImages;
  private clock?: ClockPort;
  private readonly runs = new Map<string, number>();
  /** Every start, in order: what the kubelet asked the runtime for. */
  readonly started: ContainerConfig[] = [];
  readonly removedPods: string[] = [];
  private readonly script: ScriptFor;

  constructor(opts: ScriptedRuntimeOptions = {}) {
    this.images = new ScriptedImages(new Map((opts.images ?? DEFAULT_IMAGES).map((i) => [i.ref, i])));
    this.script = opts.script ?? (() => ({}));
  }

  /** The cluster clock (the sim's ManualClock); needed before the first start. */
  attach(clock: ClockPort): this {
    this.clock = clock;
    return this;
  }

  start(config: ContainerConfig, onOutput: (line: OutputLine) => void): RunningContainer {
    if (!this.clock) throw new RuntimeClockMissingError();
    const key = `${config.podUid}/${config.containerName}`;
    const run = this.runs.get(key) ?? 0;
    this.runs.set(key, run + 1);
    this.started.push(config);
    return new ScriptedContainer(this.clock, this.script(config, run), onOutput);
  }

  removePod(podUid: string): void {
    this.removedPods.push(podUid);
  }

  close(): void {}
}
