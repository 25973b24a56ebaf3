/**
 * curl (8.x) for images that ship it: `-s -S -f -i -I -L -o FILE -O -w FMT -X METHOD -d DATA
 * -H HDR -m SEC --connect-timeout SEC`. Errors as curl prints them (`curl: (6) Could not
 * resolve host: x`, `curl: (7) Failed to connect to x port 80 after 0 ms: Couldn't connect to
 * server`, `curl: (22) The requested URL returned error: 404`, `curl: (28) ...`), exit status
 * the curl error code. Without -s the progress meter goes to stderr, as it does whenever
 * stdout is not a terminal (container logs never are).
 */
import type { HttpResponse } from '../../network/types';
import { VfsError, VFS_MESSAGES } from '../vfs-types';
import type { Command, CommandContext } from '../shell/command';
import { connect, isAbort, signalExit } from './connect';
import { getopt, UsageError } from './getopt';
import { exchangeHttp, parseUrl, statusLine } from './http';
import { resolvePath } from './paths';

class CurlError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

const METER_HEAD =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';

function meterLine(size: number): string {
  const n = String(size).padStart(5);
  return `\r100 ${n}  100 ${n}    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n`;
}

/** -w: %{http_code} and friends, \n escapes. */
export function writeOut(fmt: string, res: HttpResponse, url: string, ip: string): string {
  const vars: Record<string, string> = {
    http_code: String(res.status).padStart(3, '0'),
    response_code: String(res.status),
    size_download: String(res.body.length),
    url_effective: url,
    remote_ip: ip,
    time_total: '0.001000',
    content_type: Object.entries(res.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '',
  };
  return fmt.replace(/%\{(\w+)\}/g, (m, k: string) => vars[k] ?? m).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\r/g, '\r');
}

function headerBlock(res: HttpResponse): string {
  const lines = [statusLine(res.status), ...Object.entries(res.headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export const curl: Command = async (ctx) => {
  let o;
  try {
    o = getopt(ctx.argv.slice(1), {
      short: 'sSfiILOvko:w:X:d:H:m:A:',
      long: {
        silent: 's', 'show-error': 'S', fail: 'f', include: 'i', head: 'I', location: 'L', 'remote-name': 'O', verbose: 'v', insecure: 'k',
        'output:': 'o', 'write-out:': 'w', 'request:': 'X', 'data:': 'd', 'data-raw:': 'd', 'header:': 'H', 'max-time:': 'm', 'connect-timeout:': 'connect-timeout', 'user-agent:': 'A',
      },
    });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    await ctx.stderr.write(`curl: option ${err.option}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
    return 2;
  }
  const silent = o.values.has('s');
  const showError = !silent || o.values.has('S');
  const url = o.operands[0];
  if (!url) {
    await ctx.stderr.write("curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  try {
    const { res, ip } = await request(ctx, url, o);
    if (o.values.has('f') && res.status >= 400) {
      // curl still writes -w after a --fail error (a common `-sf -w '%{http_code}'` check).
      if (o.values.has('w')) await ctx.stdout.write(writeOut(o.values.get('w')!, res, url, ip));
      throw new CurlError(22, `The requested URL returned error: ${res.status}`);
    }
    const head = o.values.has('I');
    const output = (head || o.values.has('i') ? headerBlock(res) : '') + (head ? '' : res.body);
    const file = o.values.get('o') ?? (o.values.has('O') ? parseUrl(url, { defaultScheme: true })!.path.split('/').pop() || 'index.html' : undefined);
    const meter = !silent && (file !== undefined || !head);
    if (meter) await ctx.stderr.write(METER_HEAD);
    if (file !== undefined && file !== '-') {
      try {
        ctx.fs.writeFile(resolvePath(ctx.cwd, file), output);
      } catch (err) {
        if (err instanceof VfsError) throw new CurlError(23, `Failure writing output to destination: ${VFS_MESSAGES[err.code]}`);
        throw err;
      }
    } else await ctx.stdout.write(output);
    if (meter) await ctx.stderr.write(meterLine(output.length));
    if (o.values.has('w')) await ctx.stdout.write(writeOut(o.values.get('w')!, res, url, ip));
    return 0;
  } catch (err) {
    if (isAbort(err)) return signalExit(ctx);
    if (err instanceof CurlError) {
      if (showError) await ctx.stderr.write(`curl: (${err.code}) ${err.message}\n`);
      return err.code;
    }
    throw err;
  }
};

async function request(ctx: CommandContext, url: string, o: ReturnType<typeof getopt>): Promise<{ res: HttpResponse; ip: string }> {
  let current = url;
  for (let hop = 0; hop < 50; hop++) {
    const u = parseUrl(current, { defaultScheme: true });
    if (!u) throw new CurlError(3, `URL rejected: Malformed input to a URL function`);
    const timeoutSec = o.values.get('connect-timeout') ?? o.values.get('m');
    const timeoutMs = timeoutSec !== undefined ? Number(timeoutSec) * 1000 : undefined;
    const conn = await connect(ctx, u.host, u.port, timeoutMs);
    if (!conn.ok && conn.stage === 'resolve') throw new CurlError(6, `Could not resolve host: ${u.host}`);
    if (!conn.ok) {
      if (conn.error === 'ETIMEDOUT') throw new CurlError(28, `Failed to connect to ${u.host} port ${u.port} after ${conn.waitedMs} ms: Timeout was reached`);
      throw new CurlError(7, `Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server`);
    }
    const data = o.values.get('d');
    const method = o.values.get('X') ?? (o.values.has('I') ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
    const headers: Record<string, string> = { Host: u.port === 80 ? u.host : `${u.host}:${u.port}`, 'User-Agent': o.values.get('A') ?? 'curl/8.5.0', Accept: '*/*' };
    if (data !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    for (const h of o.all.get('H') ?? []) {
      const i = h.indexOf(':');
      if (i > 0) headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
    }
    const res = await exchangeHttp(conn.listener, { method, path: u.path, headers, body: data ?? '' }, ctx.pod.ip);
    if (!res) throw new CurlError(52, 'Empty reply from server');
    const location = Object.entries(res.headers ?? {}).find(([k]) => k.toLowerCase() === 'location')?.[1];
    if (o.values.has('L') && res.status >= 300 && res.status < 400 && location) {
      current = location.startsWith('/') ? `${u.scheme}://${u.host}:${u.port}${location}` : location;
      continue;
    }
    return { res, ip: conn.ip };
  }
  throw new CurlError(47, 'Maximum (50) redirects followed');
}
