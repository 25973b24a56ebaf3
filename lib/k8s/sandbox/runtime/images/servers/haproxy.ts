/**
 * haproxy as the official image runs it (`haproxy -f /usr/local/etc/haproxy/haproxy.cfg`):
 * reads its configuration from the container filesystem (usually a ConfigMap), listens on
 * each frontend's bind port and forwards to the backend servers in turn, through the cluster
 * network (so `server app1 127.0.0.1:80` reaches the pod's own nginx, and `server db
 * db.default.svc:5432` a Service). No server reachable: 503 as haproxy answers it.
 */
import type { HttpRequest, HttpResponse, Listener } from '../../../network/types';
import type { Command, CommandContext } from '../../shell/command';
import { VfsError } from '../../vfs-types';
import { exchangeHttp, exchangeTcp } from '../../network-commands/http';
import { errLine, serve } from './server';
import { HaproxyConfigError, parseHaproxyConfig, type HaproxyFrontend, type HaproxyServer } from './haproxy-config';

const DEFAULT_CFG = '/usr/local/etc/haproxy/haproxy.cfg';
const NO_SERVER = '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n';

export const haproxy: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.includes('-v') || args.includes('-vv')) {
    await ctx.stdout.write(`HAProxy version ${ctx.env.get('HAPROXY_VERSION') ?? '2.9.12'} 2024/11/08 - https://haproxy.org/\n`);
    return 0;
  }
  const cfgPath = args[args.indexOf('-f') + 1] && args.includes('-f') ? args[args.indexOf('-f') + 1] : DEFAULT_CFG;
  let frontends: HaproxyFrontend[];
  try {
    frontends = parseHaproxyConfig(ctx.fs.readFile(cfgPath));
  } catch (err) {
    if (err instanceof VfsError) {
      await errLine(ctx, `[ALERT]    (1) : Cannot open configuration file/directory ${cfgPath} : No such file or directory`);
      return 1;
    }
    if (err instanceof HaproxyConfigError) {
      await errLine(ctx, `[ALERT]    (1) : config : ${err.message}`);
      await errLine(ctx, '[ALERT]    (1) : config : Fatal errors found in configuration.');
      return 1;
    }
    throw err;
  }
  if (args.includes('-c')) {
    await ctx.stdout.write('Configuration file is valid\n');
    return 0;
  }
  await errLine(ctx, '[NOTICE]   (1) : New worker (8) forked');
  await errLine(ctx, '[NOTICE]   (1) : Loading success.');
  const listeners = frontends.map((f) => proxy(ctx, f));
  return serve(ctx, listeners, {
    onAddressInUse: async (port) => {
      await errLine(ctx, `[ALERT]    (1) : Binding [${cfgPath}:1] for frontend: cannot bind socket (Address in use) for [0.0.0.0:${port}]`);
    },
    onStop: async () => {
      await errLine(ctx, '[WARNING]  (1) : Exiting Master process...');
      await errLine(ctx, '[WARNING]  (8) : Proxy stopped.');
      await errLine(ctx, '[WARNING]  (1) : Current worker (8) exited with code 0 (Exit)');
      await errLine(ctx, '[WARNING]  (1) : All workers exited. Exiting... (0)');
    },
  });
};

function proxy(ctx: CommandContext, f: HaproxyFrontend): Listener {
  let next = 0;
  /** Servers in round-robin order, starting at the next one. */
  const order = (): HaproxyServer[] => {
    const start = next++;
    return f.servers.map((_, i) => f.servers[(start + i) % f.servers.length]);
  };
  const connect = (s: HaproxyServer) => {
    const ip = ctx.net.resolve(s.host, ctx.pod.namespace)?.addresses[0];
    if (!ip) return undefined;
    const l = ctx.net.dial(ip, s.port, ctx.pod.ip);
    return typeof l === 'object' ? l : undefined;
  };
  const http = async (req: HttpRequest): Promise<HttpResponse> => {
    for (const s of order()) {
      const l = connect(s);
      if (!l) continue;
      const res = await exchangeHttp(l, req, ctx.pod.ip);
      if (res) return res;
    }
    return { status: 503, headers: { 'content-length': String(NO_SERVER.length), 'cache-control': 'no-cache', 'content-type': 'text/html' }, body: NO_SERVER };
  };
  const tcp = async (data: string): Promise<string> => {
    for (const s of order()) {
      const l = connect(s);
      if (l) return exchangeTcp(l, data, ctx.pod.ip);
    }
    return '';
  };
  return f.mode === 'http' ? { port: f.port, http } : { port: f.port, tcp, http };
}
