/**
 * A clean stop on SIGTERM (what a kubelet, `docker stop` or systemd sends) and SIGINT:
 *   1. /readyz answers 503 at once, so the ingress and the Service stop sending new work here;
 *   2. the listening socket closes (no new connections); answers still being written go out with
 *      `Connection: close`;
 *   3. requests in flight get up to drainMs to finish; then every connection still open (event
 *      streams, watches, exec and terminal WebSockets) is closed, so nothing holds a cluster;
 *   4. the steps run in order: every awake cluster is put to sleep (store synced, clock paused
 *      and saved with its record), the stores and the learners' database are closed;
 *   5. the process exits 0, or 1 when a step failed. Whatever happens, it exits within
 *      deadlineMs (KUBELAB_SHUTDOWN_SECONDS): a kubelet kills the container with SIGKILL at
 *      terminationGracePeriodSeconds, and a stop we finish ourselves loses less than that kill.
 * A second signal during the stop changes nothing: Ctrl-C in a terminal reaches the server both
 * directly and relayed by `npm start`'s launcher, and the deadline bounds the stop anyway.
 */
import type http from 'node:http';
import type net from 'node:net';
import type { HealthEndpoints } from './health';

export interface ShutdownStep {
  /** What the step does, for the log ("put every awake cluster to sleep"). */
  name: string;
  run: () => void | Promise<void>;
}

export interface GracefulShutdownOptions {
  /** The listening socket (samePortTls's listener): every connection passes through it. */
  listener: net.Server;
  /** The http server that gets every request (https requests are re-emitted on it). */
  server: http.Server;
  health: HealthEndpoints;
  steps: ShutdownStep[];
  /** How long requests in flight get to finish before their connections are closed. */
  drainMs?: number;
  /** The whole stop, after which the process exits whatever is still running. */
  deadlineMs?: number;
  exit?: (code: number) => void;
  log?: (message: string) => void;
}

export const DEFAULT_DRAIN_MS = 3_000;
export const DEFAULT_SHUTDOWN_SECONDS = 25;

export class ShutdownSettingError extends Error {
  constructor(readonly value: string) {
    super(`KUBELAB_SHUTDOWN_SECONDS=${JSON.stringify(value.slice(0, 80))}: expected a whole number of seconds from 1 to 3600 (keep it below the pod's terminationGracePeriodSeconds)`);
    this.name = 'ShutdownSettingError';
  }
}

/** KUBELAB_SHUTDOWN_SECONDS in milliseconds (default 25 s: under Kubernetes' default grace period of 30 s). */
export function shutdownDeadlineMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.KUBELAB_SHUTDOWN_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_SHUTDOWN_SECONDS * 1000;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 3600) throw new ShutdownSettingError(raw);
  return n * 1000;
}

export class GracefulShutdown {
  private readonly sockets = new Set<net.Socket>();
  private inFlight = 0;
  private drained: (() => void) | undefined;
  private stopping: Promise<number> | undefined;
  private readonly exit: (code: number) => void;
  private readonly log: (message: string) => void;

  constructor(private readonly opts: GracefulShutdownOptions) {
    this.exit = opts.exit ?? ((code) => process.exit(code));
    this.log = opts.log ?? ((m) => console.error(m));
    opts.listener.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    opts.server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
      // Once stopping, a kept-alive connection ends with this answer instead of waiting for another.
      if (this.stopping) res.shouldKeepAlive = false;
      this.inFlight++;
      res.once('close', () => {
        this.inFlight--;
        if (this.inFlight === 0) this.drained?.();
      });
    });
  }

  /** Connections open now (for tests and the log). */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Starts the stop (once); resolves with the exit code after calling exit. */
  shutdown(reason: string): Promise<number> {
    this.stopping ??= this.run(reason);
    return this.stopping;
  }

  private async run(reason: string): Promise<number> {
    const started = Date.now();
    const deadlineMs = this.opts.deadlineMs ?? DEFAULT_SHUTDOWN_SECONDS * 1000;
    const deadline = setTimeout(() => {
      this.log(`shutdown: not finished within ${deadlineMs} ms; exiting anyway`);
      this.exit(1);
    }, deadlineMs);
    deadline.unref?.();
    this.opts.health.markNotReady(reason);
    this.log(`shutdown: ${reason}; no new connections, ${this.inFlight} requests in flight`);
    this.opts.listener.close();
    // Kept-alive connections with no request on them end now: nothing is lost.
    this.opts.server.closeIdleConnections();
    await this.drain(this.opts.drainMs ?? DEFAULT_DRAIN_MS);
    const cut = this.sockets.size;
    for (const s of this.sockets) s.destroy();
    if (cut > 0) this.log(`shutdown: closed ${cut} connections still open (streams, watches, terminals)`);
    let failed = false;
    for (const step of this.opts.steps) {
      try {
        await step.run();
      } catch (err) {
        failed = true;
        this.log(`shutdown: could not ${step.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    clearTimeout(deadline);
    const code = failed ? 1 : 0;
    this.log(`shutdown: done in ${Date.now() - started} ms`);
    this.exit(code);
    return code;
  }

  /** Resolves when no request is in flight, or after ms. */
  private drain(ms: number): Promise<void> {
    if (this.inFlight === 0 || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.drained = undefined;
        resolve();
      };
      // Not unref'd: the process must stay up to run the steps after the drain.
      const timer = setTimeout(done, ms);
      this.drained = done;
    });
  }
}

/** Installs the stop on SIGTERM and SIGINT; later signals are ignored (the deadline bounds the stop). */
export function installGracefulShutdown(opts: GracefulShutdownOptions, proc: NodeJS.EventEmitter = process): GracefulShutdown {
  const g = new GracefulShutdown({ ...opts, deadlineMs: opts.deadlineMs ?? shutdownDeadlineMs() });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) proc.on(signal, () => void g.shutdown(`shutting down (${signal})`));
  return g;
}
