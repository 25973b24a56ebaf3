/**
 * busybox nc (networking/nc_bloaty.c, the netcat 1.10 flavour the busybox image ships):
 *   nc [-z] [-v[v]] [-w SEC] HOST PORT   connect; -z only checks, else stdin goes out and the reply comes back
 *   nc -l [-k] -p PORT                   listen; print what arrives, answer with stdin
 * A failed -z check is silent unless -v (refusals need -vv); an unknown host dies with
 * `nc: bad address 'x'`. Exit 0 on success, 1 on failure.
 */
import type { HttpRequest, Listener } from '../../network/types';
import { AddressInUseError } from '../../network/cluster-network';
import type { Command, CommandContext } from '../shell/command';
import { connect, ERRNO_TEXT, isAbort, readAll, signalExit, untilAborted } from './connect';
import { getopt, UsageError } from './getopt';
import { exchangeTcp, formatRequest, parseResponse } from './http';

const SERVICES: Record<string, number> = { http: 80, https: 443, ftp: 21, ssh: 22, smtp: 25, domain: 53, postgresql: 5432, mysql: 3306, redis: 6379 };

const USAGE = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n';

function lookupPort(s: string): number | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n > 0 && n < 65536 ? n : undefined;
  }
  return SERVICES[s];
}

export const nc: Command = async (ctx) => {
  let o;
  try {
    o = getopt(ctx.argv.slice(1), { short: 'lkzvnup:s:w:i:' });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    await ctx.stderr.write(`nc: ${err.message}\n${USAGE}`);
    return 1;
  }
  const verbose = o.counts.get('v') ?? 0;
  const waitSec = o.values.has('w') ? Number(o.values.get('w')) : undefined;
  if (o.values.has('l') || o.values.has('k')) return listen(ctx, o.values.get('p') ?? o.operands[0], o.values.has('k'), verbose);

  const [host, portArg] = o.operands;
  if (!host || !portArg) {
    await ctx.stderr.write(USAGE);
    return 1;
  }
  const port = lookupPort(portArg);
  if (port === undefined) {
    await ctx.stderr.write(`nc: bad port '${portArg}'\n`);
    return 1;
  }
  try {
    const conn = await connect(ctx, host, port, waitSec !== undefined ? waitSec * 1000 : undefined);
    if (!conn.ok && conn.stage === 'resolve') {
      await ctx.stderr.write(`nc: bad address '${host}'\n`);
      return 1;
    }
    if (!conn.ok) {
      if (verbose > 1 || (verbose === 1 && conn.error !== 'ECONNREFUSED')) await ctx.stderr.write(`nc: ${host} (${conn.ip}:${port}): ${ERRNO_TEXT[conn.error]}\n`);
      return 1;
    }
    if (verbose) await ctx.stderr.write(`${host} (${conn.ip}:${port}) open\n`);
    if (o.values.has('z')) return 0;
    const data = await readAll(ctx);
    const reply = await exchangeTcp(conn.listener, data, ctx.pod.ip);
    if (reply) await ctx.stdout.write(reply);
    return 0;
  } catch (err) {
    if (isAbort(err)) return signalExit(ctx);
    throw err;
  }
};

/** Listen mode: one connection (or many with -k); what arrives goes to stdout, stdin is the answer. */
async function listen(ctx: CommandContext, portArg: string | undefined, keepOpen: boolean, verbose: number): Promise<number> {
  const port = portArg === undefined ? undefined : lookupPort(portArg);
  if (port === undefined) {
    await ctx.stderr.write(portArg === undefined ? USAGE : `nc: bad local port '${portArg}'\n`);
    return 1;
  }
  let answer: Promise<string> | undefined;
  const reply = () => (answer ??= readAll(ctx));
  let served!: () => void;
  const done = new Promise<void>((resolve) => (served = resolve));
  const receive = async (data: string, from: string) => {
    if (verbose) await ctx.stderr.write(`connect to [${ctx.pod.ip}]:${port} from [${from}]\n`);
    await ctx.stdout.write(data);
    const text = await reply();
    if (!keepOpen) served();
    return text;
  };
  const listener: Listener = {
    port,
    tcp: (data, from) => receive(data, from),
    http: async (req: HttpRequest, from: string) => parseResponse(await receive(formatRequest(req), from)),
  };
  let stop: () => void;
  try {
    stop = ctx.net.listen(ctx.pod.ip, listener);
  } catch (err) {
    if (!(err instanceof AddressInUseError)) throw err;
    await ctx.stderr.write('nc: bind: Address in use\n');
    return 1;
  }
  if (verbose) await ctx.stderr.write(`listening on [::]:${port} ...\n`);
  try {
    await Promise.race([done, untilAborted(ctx.signal)]);
  } finally {
    stop();
  }
  return ctx.signal.aborted ? signalExit(ctx) : 0;
}
