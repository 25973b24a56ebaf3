/**
 * What every modelled server shares: listening on the pod IP (reachable from the pod's other
 * containers on localhost, see network/README.md), writing log lines, running until a signal,
 * and the time formats their logs use.
 */
import { AddressInUseError } from '../../../network/cluster-network';
import type { Listener } from '../../../network/types';
import type { CommandContext } from '../../shell/command';
import { signalExit, untilAborted } from '../../network-commands/connect';

export async function line(ctx: CommandContext, text: string): Promise<void> {
  await ctx.stdout.write(`${text}\n`);
}

export async function errLine(ctx: CommandContext, text: string): Promise<void> {
  await ctx.stderr.write(`${text}\n`);
}

/**
 * Listens on every listener, waits for a signal, unlistens. SIGTERM is a graceful stop
 * (onStop prints the shutdown lines, exit 0); SIGKILL ends with 137. A port already taken
 * calls onAddressInUse and exits 1.
 */
export async function serve(
  ctx: CommandContext,
  listeners: Listener[],
  hooks: { onStop?: (signal: string) => Promise<void>; onAddressInUse?: (port: number) => Promise<void> } = {},
): Promise<number> {
  const stops: (() => void)[] = [];
  try {
    for (const l of listeners) {
      try {
        stops.push(ctx.net.listen(ctx.pod.ip, l));
      } catch (err) {
        if (!(err instanceof AddressInUseError)) throw err;
        await hooks.onAddressInUse?.(l.port);
        return 1;
      }
    }
    await untilAborted(ctx.signal);
  } finally {
    for (const s of stops) s();
  }
  const sig = String(ctx.signal.reason ?? 'SIGTERM');
  if (sig === 'SIGKILL') return signalExit(ctx);
  await hooks.onStop?.(sig);
  return 0;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

/** nginx error log: 2026/11/28 22:46:52 */
export function slashTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** Common log format: 28/Nov/2026:22:46:52 +0000 */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** HTTP Date header: Sat, 28 Nov 2026 22:46:52 GMT */
export function httpDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
}

/** redis: 28 Nov 2026 22:46:52.123 */
export function redisTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}`;
}

/** postgres / ISO-ish: 2026-11-28 22:46:52.123 UTC */
export function pgTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

/** Apache error log: Sat Nov 28 22:46:52.123456 2026 */
export function apacheTime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}000 ${d.getUTCFullYear()}`;
}

/** Go servers (prometheus, alertmanager, node-exporter): 2026-11-28T22:46:52.123Z */
export const isoTime = (ms: number) => new Date(ms).toISOString();
