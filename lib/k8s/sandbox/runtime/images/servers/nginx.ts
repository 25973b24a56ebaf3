/**
 * nginx as the official image runs it: `nginx -g 'daemon off;'` serves the root of each
 * server block in /etc/nginx/conf.d/*.conf (default: port 80, /usr/share/nginx/html) with
 * 200/301/404/405, access lines in the `main` (combined + X-Forwarded-For) format, and the
 * startup and SIGTERM notices of the real binary. The image's /var/log/nginx/access.log and
 * error.log are symlinks to /dev/stdout and /dev/stderr; when a volume is mounted over
 * /var/log/nginx (the log-sidecar pattern) nginx writes real files there instead. Without
 * `daemon off;` nginx forks into the background and the container's main process exits 0.
 */
import type { HttpRequest, HttpResponse, Listener } from '../../../network/types';
import type { Command, CommandContext } from '../../shell/command';
import { VfsError } from '../../vfs-types';
import { clfTime, errLine, httpDate, line, serve, slashTime } from './server';

const WORKER_PIDS = [29, 30];
const LOG_DIR = '/var/log/nginx';
const MIME: Record<string, string> = { html: 'text/html', htm: 'text/html', css: 'text/css', js: 'application/javascript', json: 'application/json', txt: 'text/plain', png: 'image/png', svg: 'image/svg+xml' };

interface ServerBlock {
  port: number;
  root: string;
  /** `location = /x { return 200 'text'; }` and prefix locations with return. */
  returns: { path: string; exact: boolean; status: number; body: string }[];
}

/** The server blocks of the conf.d files (listen, root, return), or the image default. */
export function readServerBlocks(ctx: CommandContext): ServerBlock[] {
  const dir = '/etc/nginx/conf.d';
  const blocks: ServerBlock[] = [];
  let names: string[] = [];
  try {
    names = ctx.fs.readdir(dir).filter((n) => n.endsWith('.conf')).sort();
  } catch (err) {
    if (!(err instanceof VfsError)) throw err;
  }
  for (const name of names) {
    const text = ctx.fs.readFile(`${dir}/${name}`).replace(/#[^\n]*/g, '');
    for (const m of text.matchAll(/server\s*\{/g)) {
      const body = blockBody(text, m.index! + m[0].length);
      const port = Number(/(?:^|[\s;{])listen\s+(?:[\d.]+:)?(\d+)/.exec(body)?.[1] ?? 80);
      const root = /(?:^|[\s;{])root\s+([^;\s]+)\s*;/.exec(body)?.[1] ?? '/usr/share/nginx/html';
      const returns: ServerBlock['returns'] = [];
      for (const loc of body.matchAll(/location\s+(=\s*)?(\S+)\s*\{([^}]*)\}/g)) {
        const ret = /return\s+(\d{3})(?:\s+(?:'([^']*)'|"([^"]*)"|([^;]+)))?\s*;/.exec(loc[3]);
        if (ret) returns.push({ path: loc[2], exact: Boolean(loc[1]), status: Number(ret[1]), body: (ret[2] ?? ret[3] ?? ret[4] ?? '').replace(/\\n/g, '\n') });
      }
      blocks.push({ port, root, returns });
    }
  }
  return blocks.length ? blocks : [{ port: 80, root: '/usr/share/nginx/html', returns: [] }];
}

function blockBody(text: string, start: number): string {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

function errorPage(status: number, text: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

export const nginx: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  const version = ctx.env.get('NGINX_VERSION') ?? '1.27.3';
  if (args.includes('-v') || args.includes('-V')) {
    await errLine(ctx, `nginx version: nginx/${version}`);
    return 0;
  }
  if (args.includes('-t')) {
    await errLine(ctx, 'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok');
    await errLine(ctx, 'nginx: configuration file /etc/nginx/nginx.conf test is successful');
    return 0;
  }
  const g = args[args.indexOf('-g') + 1] ?? '';
  if (!args.includes('-g') || !/daemon\s+off/.test(g)) return 0;

  const toFiles = ctx.fs.exists(LOG_DIR);
  const access = async (text: string) => (toFiles ? append(ctx, `${LOG_DIR}/access.log`, text) : line(ctx, text));
  const notice = async (pid: number, text: string) => {
    const l = `${slashTime(ctx.clock.now())} [notice] ${pid}#${pid}: ${text}`;
    return toFiles ? append(ctx, `${LOG_DIR}/error.log`, l) : errLine(ctx, l);
  };
  if (toFiles) {
    append(ctx, `${LOG_DIR}/access.log`, undefined);
    append(ctx, `${LOG_DIR}/error.log`, undefined);
  }

  const blocks = readServerBlocks(ctx);
  for (const text of ['using the "epoll" event method', `nginx/${version}`, 'built by gcc 12.2.0 (Debian 12.2.0-14) ', 'OS: Linux 6.8.0-1017-aws', 'getrlimit(RLIMIT_NOFILE): 1048576:1048576', 'start worker processes']) await notice(1, text);
  for (const pid of WORKER_PIDS) await notice(1, `start worker process ${pid}`);

  const listeners: Listener[] = blocks.map((block) => ({
    port: block.port,
    http: async (req: HttpRequest, from: string) => {
      const res = respond(ctx, block, req, version);
      await access(`${from} - - [${clfTime(ctx.clock.now())}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${req.method === 'HEAD' ? 0 : res.body.length} "${header(req, 'referer') ?? '-'}" "${header(req, 'user-agent') ?? '-'}" "${header(req, 'x-forwarded-for') ?? '-'}"`);
      return req.method === 'HEAD' ? { ...res, body: '' } : res;
    },
  }));
  return serve(ctx, listeners, {
    onAddressInUse: async (port) => {
      await errLine(ctx, `${slashTime(ctx.clock.now())} [emerg] 1#1: bind() to 0.0.0.0:${port} failed (98: Address in use)`);
      await errLine(ctx, `nginx: [emerg] bind() to 0.0.0.0:${port} failed (98: Address in use)`);
    },
    onStop: async (sig) => {
      await notice(1, `signal ${sig === 'SIGQUIT' ? 3 : 15} (${sig}) received, exiting`);
      for (const pid of WORKER_PIDS) {
        await notice(pid, 'exiting');
        await notice(pid, 'exit');
      }
      for (const pid of WORKER_PIDS) {
        await notice(1, `signal 17 (SIGCHLD) received from ${pid}`);
        await notice(1, `worker process ${pid} exited with code 0`);
      }
      await notice(1, 'exit');
    },
  });
};

function append(ctx: CommandContext, path: string, text: string | undefined): void {
  try {
    if (text === undefined) {
      if (!ctx.fs.exists(path)) ctx.fs.writeFile(path, '');
      return;
    }
    ctx.fs.writeFile(path, `${text}\n`, { append: true });
    ctx.budget.fileBytes(text.length + 1);
  } catch (err) {
    // A read-only log volume loses the lines, as nginx does after its open() fails.
    if (!(err instanceof VfsError)) throw err;
  }
}

function header(req: HttpRequest, name: string): string | undefined {
  return Object.entries(req.headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

function respond(ctx: CommandContext, block: ServerBlock, req: HttpRequest, version: string): HttpResponse {
  const base = { Server: `nginx/${version}`, Date: httpDate(ctx.clock.now()) };
  const path = decodeURIComponent(req.path.split('?')[0]);
  const ret = block.returns.find((r) => (r.exact ? path === r.path : path.startsWith(r.path)));
  if (ret) return { status: ret.status, headers: { ...base, 'Content-Type': 'application/octet-stream' }, body: ret.body };
  const page = (status: number, text: string): HttpResponse => ({ status, headers: { ...base, 'Content-Type': 'text/html' }, body: errorPage(status, text, version) });
  if (req.method !== 'GET' && req.method !== 'HEAD') return page(405, 'Not Allowed');
  const file = `${block.root.replace(/\/$/, '')}${path.endsWith('/') ? `${path}index.html` : path}`;
  try {
    const stat = ctx.fs.stat(file);
    if (stat.type === 'dir') return { status: 301, headers: { ...base, 'Content-Type': 'text/html', Location: `${path}/` }, body: errorPage(301, 'Moved Permanently', version) };
    const body = ctx.fs.readFile(file);
    const ext = file.slice(file.lastIndexOf('.') + 1);
    return {
      status: 200,
      headers: { ...base, 'Content-Type': file.includes('.') ? MIME[ext] ?? 'application/octet-stream' : 'application/octet-stream', 'Content-Length': String(body.length), 'Last-Modified': httpDate(stat.mtimeMs), Connection: 'keep-alive', 'Accept-Ranges': 'bytes' },
      body,
    };
  } catch (err) {
    if (!(err instanceof VfsError)) throw err;
    return page(err.code === 'EACCES' ? 403 : 404, err.code === 'EACCES' ? 'Forbidden' : 'Not Found');
  }
}
