/** Name resolution and connecting as a process in the pod does, shared by the network tools. */
import type { DialError, Listener } from '../../network/types';
import type { CommandContext } from '../shell/command';

export const ERRNO_TEXT: Record<DialError, string> = {
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  ETIMEDOUT: 'Connection timed out',
};

/** Linux gives up a connect after about 127 s of SYN retries (tcp_syn_retries = 6). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 127_000;

export type ConnectResult =
  | { ok: true; listener: Listener; ip: string }
  | { ok: false; stage: 'resolve' }
  | { ok: false; stage: 'connect'; ip: string; error: DialError; waitedMs: number };

export function resolveHost(ctx: CommandContext, host: string): string | undefined {
  return ctx.net.resolve(host, ctx.pod.namespace)?.addresses[0];
}

/** Resolves host and connects; a dropped connection (ETIMEDOUT) costs timeoutMs of cluster time. */
export async function connect(ctx: CommandContext, host: string, port: number, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<ConnectResult> {
  const ip = resolveHost(ctx, host);
  if (!ip) return { ok: false, stage: 'resolve' };
  const result = ctx.net.dial(ip, port, ctx.pod.ip);
  if (typeof result === 'object') return { ok: true, listener: result, ip };
  if (result === 'ETIMEDOUT') {
    await ctx.clock.sleep(timeoutMs);
    return { ok: false, stage: 'connect', ip, error: result, waitedMs: timeoutMs };
  }
  return { ok: false, stage: 'connect', ip, error: result, waitedMs: 0 };
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** The exit status of a process ended by the signal that aborted ctx (128 + signal number). */
export function signalExit(ctx: CommandContext): number {
  return 128 + (SIGNAL_NUMBERS[String(ctx.signal.reason)] ?? 15);
}

export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

export async function readAll(ctx: CommandContext): Promise<string> {
  let out = '';
  for (;;) {
    const chunk = await ctx.stdin.read();
    if (chunk === null) return out;
    out += chunk;
  }
}

/** Resolves when ctx.signal aborts (a server's "run until stopped"). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
