/**
 * pods/exec over WebSocket with the `v5.channel.k8s.io` subprotocol, as kubectl 1.32 speaks
 * it (v4 accepted too): binary frames whose first byte is the channel: 0 stdin, 1 stdout,
 * 2 stderr, 3 error (a Status JSON, sent once when the command ends), 4 resize (JSON
 * {Width, Height}), 255 close (v5: the client closed the channel in byte 2, e.g. stdin).
 * What runs is up to the Executor the runtime plugs in (the kubelet issue); the API server
 * only checks the pod and container and moves bytes.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errors, StatusError } from '../errors';
import type { KubeObject } from '../types';
import type { StorePort } from './ports';
import { startSpdyExec } from './exec-spdy';
import { isSpdyUpgrade } from './spdy/upgrade';
import { GR } from '../registry/group-resources';

export interface ExecRequest {
  namespace: string;
  pod: KubeObject;
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
  /** pods/attach: join the main process's streams instead of running command (which is empty). */
  attach?: boolean;
}

export interface ExecIO {
  stdout(data: Buffer | string): void;
  stderr(data: Buffer | string): void;
  /** Ends the session with the command's exit code. */
  exit(code: number): void;
}

export interface ExecSession {
  /** A promise when the command's stdin is full: the socket is paused until it resolves. */
  write(data: Buffer): void | Promise<void>;
  closeStdin(): void;
  resize?(width: number, height: number): void;
  /** The client went away: stop the command. */
  kill(): void;
}

export type Executor = (req: ExecRequest, io: ExecIO) => ExecSession;

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const CH_STDIN = 0;
const CH_STDOUT = 1;
const CH_STDERR = 2;
const CH_ERROR = 3;
const CH_RESIZE = 4;
const CH_CLOSE = 255;

const wss = new WebSocketServer({
  noServer: true,
  maxPayload: 1024 * 1024,
  handleProtocols: (protocols) => EXEC_PROTOCOLS.find((p) => protocols.has(p)) ?? false,
});

/** exitStatus: the channel-3 Status the kubelet sends (remotecommand/v4 error stream). */
export function exitStatus(code: number): object {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command, exit status ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

function rejectUpgrade(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  const reason = err.code === 404 ? 'Not Found' : err.code === 401 ? 'Unauthorized' : err.code === 403 ? 'Forbidden' : 'Bad Request';
  socket.end(`HTTP/1.1 ${err.code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

interface ContainerStatus { name: string; state?: { running?: unknown } }

/** Checks the request, then upgrades and wires the socket to the executor. */
export function handleExecUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  args: { store: StorePort; executor: Executor | undefined; namespace: string; name: string; query: URLSearchParams; attach?: boolean },
): void {
  try {
    const pod = args.store.get(GR.pods, args.namespace, args.name);
    if (!pod) throw errors.notFound('pods', '', args.name);
    const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
    const names = (spec.containers ?? []).map((c) => c.name);
    const container = args.query.get('container') ?? (names.length === 1 ? names[0] : pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? names[0]);
    // Any container of the pod that runs: init containers (sidecars) and ephemeral ones (kubectl debug) too.
    const known = [...names, ...(spec.initContainers ?? []).map((c) => c.name), ...(spec.ephemeralContainers ?? []).map((c) => c.name)];
    const attach = args.attach === true;
    const command = attach ? [] : args.query.getAll('command');
    if (!attach && command.length === 0) throw errors.badRequest('you must specify at least 1 command');
    const podStatus = (pod.status ?? {}) as { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[]; ephemeralContainerStatuses?: ContainerStatus[] };
    const statuses = [...(podStatus.containerStatuses ?? []), ...(podStatus.initContainerStatuses ?? []), ...(podStatus.ephemeralContainerStatuses ?? [])];
    const running = statuses.find((c) => c.name === container)?.state?.running !== undefined;
    if (!known.includes(container) || !running || !args.executor) {
      throw errors.badRequest(`unable to upgrade connection: container not found ("${container}")`);
    }
    const executor = args.executor;
    if (isSpdyUpgrade(req)) {
      // kubectl 1.27-1.29: the same session over SPDY/3.1 streams (exec-spdy.ts).
      const stdin = args.query.get('stdin') === 'true' || args.query.get('stdin') === '1';
      const tty = args.query.get('tty') === 'true' || args.query.get('tty') === '1';
      return startSpdyExec(req, socket, head, executor, { namespace: args.namespace, pod, container, command, stdin, tty, attach }, args.query);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      startSession(ws, executor, {
        namespace: args.namespace,
        pod,
        container,
        command,
        stdin: args.query.get('stdin') === 'true' || args.query.get('stdin') === '1',
        tty: args.query.get('tty') === 'true' || args.query.get('tty') === '1',
        attach,
      });
    });
  } catch (e) {
    rejectUpgrade(socket, e instanceof StatusError ? e : errors.internal(String(e)));
  }
}

/** Exported for tests: one exec or attach session over an upgraded WebSocket. */
export function startSession(ws: WebSocket, executor: Executor, req: ExecRequest): void {
  let ended = false;
  // Set once endWith exists (below); output before that cannot overflow.
  const unread: { cutOff?: () => void } = {};
  const frame = (channel: number, data: Buffer | string) => {
    if (ended || ws.readyState !== ws.OPEN) return;
    // A client that reads none of what the command writes: its unread output is bounded, then the session ends.
    if (channel !== CH_ERROR && ws.bufferedAmount > MAX_UNREAD_OUTPUT_BYTES) return unread.cutOff?.();
    const payload = typeof data === 'string' ? Buffer.from(data) : data;
    ws.send(Buffer.concat([Buffer.from([channel]), payload]));
  };
  const session = executor(req, {
    stdout: (d) => frame(CH_STDOUT, d),
    stderr: (d) => frame(req.tty ? CH_STDOUT : CH_STDERR, d),
    exit: (code) => {
      frame(CH_ERROR, JSON.stringify(exitStatus(code)));
      ended = true;
      ws.close(1000);
    },
  });
  const endWith = (err: StatusError, code: number) => {
    if (ended) return;
    frame(CH_ERROR, JSON.stringify(err.toStatus()));
    ended = true;
    session.kill();
    ws.close(code);
    // A paused socket cannot read the close handshake: make sure it goes.
    setTimeout(() => ws.terminate(), 1000).unref();
  };
  unread.cutOff = () => endWith(new StatusError(504, 'Timeout', `output not read: the client left ${MAX_UNREAD_OUTPUT_BYTES / (1024 * 1024)} MiB of the command's output unread, so the session ended (the container keeps running)`), 1008);
  // A paused socket does not see its client leave either (no read, no EOF): a command that
  // ignores its stdin for MAX_STDIN_STALL_MS while the client still pushes ends the session, as
  // the kubelet ends an idle stream, so a vanished client cannot hold the session for ever.
  let stall: ReturnType<typeof setTimeout> | undefined;
  const socket = {
    pause: () => {
      ws.pause();
      stall = setTimeout(() => endWith(new StatusError(504, 'Timeout', `stdin stalled: the command read none of its input for ${MAX_STDIN_STALL_MS / 1000} s`), 1008), MAX_STDIN_STALL_MS);
      stall.unref();
    },
    resume: () => {
      clearTimeout(stall);
      ws.resume();
    },
  };
  const stdin = new StdinFlow(session, socket, () => endWith(errors.tooLarge(MAX_STDIN_QUEUED_BYTES), 1009));
  ws.on('message', (raw: Buffer, isBinary: boolean) => {
    const data = isBinary ? raw : Buffer.from(raw.toString());
    if (data.length === 0) return;
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === CH_STDIN) stdin.write(payload);
    else if (channel === CH_RESIZE) {
      try {
        const size = JSON.parse(payload.toString()) as { Width?: number; Height?: number };
        session.resize?.(Number(size.Width), Number(size.Height));
      } catch {
        // A malformed resize is ignored, as the kubelet does.
      }
    } else if (channel === CH_CLOSE && payload[0] === CH_STDIN) stdin.close();
  });
  ws.on('close', () => {
    clearTimeout(stall);
    if (!ended) {
      ended = true;
      session.kill();
    }
  });
}

/**
 * Stdin bytes one session may hold before its command takes them: the command's pipe holds
 * 64 KiB, and while it is full the socket is paused (TCP pushes back on the client), so only
 * frames ws had already read arrive meanwhile. Past this, the client ignored back-pressure:
 * the session ends with 413.
 */
export const MAX_STDIN_QUEUED_BYTES = 4 * 1024 * 1024;

/** Output a session may hold for a client that does not read it (kubectl reads as it goes; a terminal's scrollback is far less). */
export const MAX_UNREAD_OUTPUT_BYTES = 4 * 1024 * 1024;

/** How long a session's socket may stay paused (its command reading nothing) before the session ends. */
export const MAX_STDIN_STALL_MS = 5 * 60 * 1000;

/** The paused socket, as StdinFlow needs it (a ws WebSocket). */
interface Pausable {
  pause(): void;
  resume(): void;
}

/**
 * Client stdin → the command, in order, with back-pressure: a write that fills the command's
 * stdin returns a promise; until it resolves later frames queue here and the socket is paused.
 * A close of stdin waits behind the queued bytes.
 */
export class StdinFlow {
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private waiting = false;
  private paused = false;
  private closePending = false;
  private done = false;

  constructor(
    private readonly session: Pick<ExecSession, 'write' | 'closeStdin'>,
    private readonly socket: Pausable,
    private readonly onOverflow: () => void,
    private readonly maxQueuedBytes = MAX_STDIN_QUEUED_BYTES,
  ) {}

  /** Bytes received and not yet taken by the command. */
  get queued(): number {
    return this.queuedBytes;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  write(chunk: Buffer): void {
    if (this.done || this.closePending) return;
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > this.maxQueuedBytes) {
      this.done = true;
      this.queue.length = 0;
      this.queuedBytes = 0;
      this.onOverflow();
      return;
    }
    this.pump();
  }

  close(): void {
    if (this.done) return;
    this.closePending = true;
    this.pump();
  }

  private pump(): void {
    while (!this.waiting && this.queue.length > 0) {
      const chunk = this.queue.shift()!;
      this.queuedBytes -= chunk.length;
      const full = this.session.write(chunk);
      if (full) {
        this.waiting = true;
        void full.then(() => {
          this.waiting = false;
          this.pump();
        });
      }
    }
    if (this.waiting || this.queue.length > 0) {
      if (!this.paused) {
        this.paused = true;
        this.socket.pause();
      }
      return;
    }
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
    if (this.closePending && !this.done) {
      this.done = true;
      this.session.closeStdin();
    }
  }
}
