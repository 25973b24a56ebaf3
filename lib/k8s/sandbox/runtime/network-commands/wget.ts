/**
 * busybox wget (networking/wget.c): `wget [-q] [-O FILE|-O-] [-T SEC] [-S] [--spider] URL`.
 * Without -q it reports `Connecting to host (ip:port)`, where it writes, a finished progress
 * bar and `'file' saved`; errors are busybox's: `wget: bad address 'x'`,
 * `wget: can't connect to remote host (ip): Connection refused`,
 * `wget: server returned error: HTTP/1.1 404 Not Found`, `wget: download timed out`.
 * Redirects are followed. Exit 0 on success, 1 on any failure.
 */
import type { HttpResponse } from '../../network/types';
import { VfsError, VFS_MESSAGES } from '../vfs-types';
import type { Command, CommandContext } from '../shell/command';
import { connect, ERRNO_TEXT, isAbort, signalExit } from './connect';
import { getopt, UsageError } from './getopt';
import { exchangeHttp, parseUrl, statusLine } from './http';
import { resolvePath } from './paths';

const USAGE = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n';
const MAX_REDIRECTS = 20;

class WgetError extends Error {}

/** The finished progress line (libbb/progress.c): name in 20 columns, 100%, a full bar, the size. */
export function progressLine(name: string, size: number): string {
  const shown = size < 100_000 ? `${String(size).padStart(6)} ` : `${String(Math.floor(size / 1024)).padStart(6)}k`;
  return `${name.slice(0, 20).padEnd(20)}100% |${'*'.repeat(32)}|${shown} 0:00:00 ETA\n`;
}

export const wget: Command = async (ctx) => {
  let o;
  try {
    o = getopt(ctx.argv.slice(1), {
      short: 'cqSO:o:P:U:T:Y:',
      long: { spider: 'spider', quiet: 'q', 'output-document:': 'O', 'timeout:': 'T', 'header:': 'header', 'post-data:': 'post-data', 'user-agent:': 'U', 'server-response': 'S', 'no-check-certificate': 'nocheck' },
    });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    await ctx.stderr.write(`wget: ${err.message}\n${USAGE}`);
    return 1;
  }
  const url = o.operands[0];
  if (!url) {
    await ctx.stderr.write(USAGE);
    return 1;
  }
  const quiet = o.values.has('q');
  const say = async (s: string) => {
    if (!quiet) await ctx.stderr.write(s);
  };
  try {
    const res = await fetchFollowing(ctx, url, o, say);
    if (o.values.has('spider')) {
      await say('remote file exists\n');
      return 0;
    }
    const target = o.values.get('O') ?? defaultName(url);
    if (target === '-') {
      await say('writing to stdout\n');
      await ctx.stdout.write(res.body);
      await say(progressLine('-', res.body.length));
      await say('written to stdout\n');
      return 0;
    }
    const path = resolvePath(ctx.cwd, target);
    if (!o.values.has('O') && ctx.fs.exists(path)) throw new WgetError(`can't open '${target}': File exists`);
    await say(`saving to '${target}'\n`);
    try {
      ctx.fs.writeFile(path, res.body);
    } catch (err) {
      if (err instanceof VfsError) throw new WgetError(`can't open '${target}': ${VFS_MESSAGES[err.code]}`);
      throw err;
    }
    ctx.budget.fileBytes(res.body.length);
    // The bar names the file by its last path component (G.curfile).
    await say(progressLine(target.slice(target.lastIndexOf('/') + 1), res.body.length));
    await say(`'${target}' saved\n`);
    return 0;
  } catch (err) {
    if (isAbort(err)) return signalExit(ctx);
    if (err instanceof WgetError) {
      await ctx.stderr.write(`wget: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
};

function defaultName(url: string): string {
  const path = parseUrl(url)?.path.split('?')[0] ?? '/';
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base || 'index.html';
}

async function fetchFollowing(ctx: CommandContext, url: string, o: ReturnType<typeof getopt>, say: (s: string) => Promise<void>): Promise<HttpResponse> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const u = parseUrl(current);
    if (!u) throw new WgetError(`not an http or ftp url: ${current}`);
    const timeoutSec = o.values.has('T') ? Number(o.values.get('T')) : undefined;
    const conn = await connect(ctx, u.host, u.port, timeoutSec !== undefined ? timeoutSec * 1000 : undefined);
    if (!conn.ok && conn.stage === 'resolve') throw new WgetError(`bad address '${u.host}'`);
    if (!conn.ok) {
      if (conn.error === 'ETIMEDOUT' && timeoutSec !== undefined) throw new WgetError('download timed out');
      throw new WgetError(`can't connect to remote host (${conn.ip}): ${ERRNO_TEXT[conn.error]}`);
    }
    await say(`Connecting to ${u.host}${u.port === 80 ? '' : `:${u.port}`} (${conn.ip}:${u.port})\n`);
    const headers: Record<string, string> = { Host: u.port === 80 ? u.host : `${u.host}:${u.port}`, 'User-Agent': o.values.get('U') ?? 'Wget', Connection: 'close' };
    for (const h of o.all.get('header') ?? []) {
      const i = h.indexOf(':');
      if (i > 0) headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
    }
    const body = o.values.get('post-data');
    const res = await exchangeHttp(conn.listener, { method: body !== undefined ? 'POST' : 'GET', path: u.path, headers, body: body ?? '' }, ctx.pod.ip);
    if (!res) throw new WgetError('error getting response: Connection reset by peer');
    if (o.values.has('S')) {
      await ctx.stderr.write(`  ${statusLine(res.status)}\n`);
      for (const [k, v] of Object.entries(res.headers ?? {})) await ctx.stderr.write(`  ${k}: ${v}\n`);
    }
    const location = Object.entries(res.headers ?? {}).find(([k]) => k.toLowerCase() === 'location')?.[1];
    if ([301, 302, 303, 307, 308].includes(res.status) && location) {
      current = location.startsWith('/') ? `${u.scheme}://${u.host}:${u.port}${location}` : location;
      continue;
    }
    if (res.status >= 300) throw new WgetError(`server returned error: ${statusLine(res.status)}`);
    return res;
  }
  throw new WgetError('too many redirections');
}
