/**
 * pods/exec over a SPDY/3.1 upgrade, as kubectl 1.27-1.29 speak it (remotecommand
 * `v4.channel.k8s.io`, down to `channel.k8s.io`), following the kubelet's
 * pkg/kubelet/cri/streaming/remotecommand/httpstream.go: the client opens one stream per
 * channel, named by its `streamType` header (error, stdin, stdout, stderr, resize); once the
 * expected ones are open the command runs; at its end the error stream carries the v4 Status
 * (exitStatus), every stream is closed and the connection goes. Stdin keeps exec.ts's
 * back-pressure: while the command's stdin is full the socket is paused.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { exitStatus, StdinFlow, type ExecRequest, type Executor, type ExecSession } from './exec';
import { errors } from '../errors';
import { SpdySession, type SpdyStream } from './spdy/session';
import { upgradeToSpdy } from './spdy/upgrade';

export const SPDY_EXEC_PROTOCOLS = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

/** How long the client has to open the streams it asked for (the kubelet's streamCreationTimeout is 30 s). */
export const STREAM_CREATION_TIMEOUT_MS = 30_000;

const STREAM_TYPES = new Set(['error', 'stdin', 'stdout', 'stderr', 'resize']);

export function startSpdyExec(req: IncomingMessage, socket: Duplex, head: Buffer, executor: Executor, request: ExecRequest, query: URLSearchParams): void {
  const flag = (name: string) => query.get(name) === 'true' || query.get(name) === '1';
  upgradeToSpdy(req, socket, head, SPDY_EXEC_PROTOCOLS, (sock, first, protocol) => {
    const expected = new Set(['error']);
    if (request.stdin) expected.add('stdin');
    if (flag('stdout')) expected.add('stdout');
    if (flag('stderr') && !request.tty) expected.add('stderr');
    if (request.tty && protocol !== 'channel.k8s.io' && protocol !== 'v2.channel.k8s.io') expected.add('resize');
    const streams = new Map<string, SpdyStream>();
    let started = false;
    let session: ExecSession | undefined;
    const spdy = new SpdySession({ write: (b) => sock.write(b), close: () => sock.destroy() }, (stream) => {
      const type = stream.headers.streamtype;
      if (!STREAM_TYPES.has(type) || streams.has(type) || started) return false;
      streams.set(type, stream);
      if ([...expected].every((t) => streams.has(t))) queueMicrotask(start);
      return true;
    });
    const timer = setTimeout(() => {
      if (!started) spdy.shutdown();
    }, STREAM_CREATION_TIMEOUT_MS);
    timer.unref();
    const finish = (status: object) => {
      const error = streams.get('error');
      error?.write(JSON.stringify(status));
      for (const s of streams.values()) s.end();
      spdy.closeGracefully();
    };
    function start(): void {
      if (started) return;
      started = true;
      clearTimeout(timer);
      let ended = false;
      const out = streams.get('stdout');
      const err = streams.get('stderr');
      session = executor(request, {
        stdout: (d) => !ended && out?.write(d),
        stderr: (d) => !ended && (request.tty ? out : err)?.write(d),
        exit: (code) => {
          if (ended) return;
          ended = true;
          finish(exitStatus(code));
        },
      });
      const live = session;
      const stdin = streams.get('stdin');
      if (stdin) {
        const flow = new StdinFlow(live, { pause: () => sock.pause(), resume: () => sock.resume() }, () => {
          if (ended) return;
          ended = true;
          live.kill();
          finish(errors.tooLarge(4 * 1024 * 1024).toStatus());
        });
        stdin.onData((d) => flow.write(d));
        stdin.onEnd(() => flow.close());
      }
      let pending = '';
      streams.get('resize')?.onData((d) => {
        pending = (pending + d.toString()).slice(-4096);
        // A stream of JSON objects ({"Width":80,"Height":24}), as the client's json.Encoder writes them.
        for (const m of pending.matchAll(/\{[^{}]*\}/g)) {
          try {
            const size = JSON.parse(m[0]) as { Width?: number; Height?: number };
            live.resize?.(Number(size.Width), Number(size.Height));
          } catch {
            // A malformed resize is ignored, as the kubelet does.
          }
        }
        pending = pending.slice(pending.lastIndexOf('}') + 1);
      });
    }
    spdy.onClose(() => {
      clearTimeout(timer);
      session?.kill();
    });
    sock.on('data', (d: Buffer) => spdy.receive(d));
    sock.on('end', () => sock.destroy());
    sock.on('close', () => spdy.end());
    sock.on('error', () => spdy.end());
    if (first.length) spdy.receive(first);
  });
}
