/**
 * redis-server: the startup lines of redis 7, port 6379, and a small RESP subset over TCP
 * (PING, ECHO, SET, GET, DEL, INCR, EXISTS, KEYS *, DBSIZE, INFO server, and the list commands
 * RPUSH, LPUSH, LPOP, RPOP, LLEN, LRANGE that work queues use) for redis-cli and `nc` exchanges. Data lives as long as the process. SIGTERM saves nothing and exits 0.
 */
import type { Command } from '../../shell/command';
import { line, redisTime, serve } from './server';

/** Inline or RESP-array commands: `PING\r\n` or `*1\r\n$4\r\nPING\r\n`. */
export function parseRedisCommands(data: string): string[][] {
  const out: string[][] = [];
  const lines = data.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l) continue;
    if (l.startsWith('*')) {
      const n = Number(l.slice(1));
      const args: string[] = [];
      for (let k = 0; k < n; k++) {
        i += 2;
        args.push(lines[i] ?? '');
      }
      out.push(args);
    } else out.push(l.trim().split(/\s+/));
  }
  return out;
}

const bulk = (s: string | undefined) => (s === undefined ? '$-1\r\n' : `$${s.length}\r\n${s}\r\n`);

export const redisServer: Command = async (ctx) => {
  const version = ctx.env.get('REDIS_VERSION') ?? '7.2.6';
  const t = () => redisTime(ctx.clock.now());
  await line(ctx, `1:C ${t()} # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.`);
  await line(ctx, `1:C ${t()} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`);
  await line(ctx, `1:C ${t()} * Redis version=${version}, bits=64, commit=00000000, modified=0, pid=1, just started`);
  await line(ctx, `1:C ${t()} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`);
  await line(ctx, `1:M ${t()} * monotonic clock: POSIX clock_gettime`);
  await line(ctx, `1:M ${t()} * Running mode=standalone, port=6379.`);
  await line(ctx, `1:M ${t()} * Server initialized`);
  await line(ctx, `1:M ${t()} * Ready to accept connections tcp`);
  const data = new Map<string, string>();
  // Lists live apart from strings; a key is one or the other (Redis answers WRONGTYPE otherwise).
  const lists = new Map<string, string[]>();
  const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
  const index = (n: string, len: number) => (Number(n) < 0 ? len + Number(n) : Number(n));
  const exec = (args: string[]): string => {
    const [cmd = '', ...rest] = args;
    switch (cmd.toUpperCase()) {
      case 'PING': return rest.length ? bulk(rest[0]) : '+PONG\r\n';
      case 'ECHO': return bulk(rest[0]);
      case 'SET': data.set(rest[0], rest[1] ?? ''); return '+OK\r\n';
      case 'GET': return lists.has(rest[0]) ? WRONGTYPE : bulk(data.get(rest[0]));
      case 'DEL': return `:${rest.filter((k) => data.delete(k) || lists.delete(k)).length}\r\n`;
      case 'EXISTS': return `:${rest.filter((k) => data.has(k) || lists.has(k)).length}\r\n`;
      case 'RPUSH':
      case 'LPUSH': {
        if (data.has(rest[0])) return WRONGTYPE;
        const list = lists.get(rest[0]) ?? [];
        if (cmd.toUpperCase() === 'RPUSH') list.push(...rest.slice(1));
        else for (const v of rest.slice(1)) list.unshift(v);
        lists.set(rest[0], list);
        return `:${list.length}\r\n`;
      }
      case 'LPOP':
      case 'RPOP': {
        if (data.has(rest[0])) return WRONGTYPE;
        const list = lists.get(rest[0]);
        const v = cmd.toUpperCase() === 'LPOP' ? list?.shift() : list?.pop();
        // Redis deletes a list when its last element goes.
        if (list && list.length === 0) lists.delete(rest[0]);
        return bulk(v);
      }
      case 'LLEN': return data.has(rest[0]) ? WRONGTYPE : `:${lists.get(rest[0])?.length ?? 0}\r\n`;
      case 'LRANGE': {
        if (data.has(rest[0])) return WRONGTYPE;
        const list = lists.get(rest[0]) ?? [];
        const items = list.slice(Math.max(0, index(rest[1] ?? '0', list.length)), index(rest[2] ?? '-1', list.length) + 1);
        return `*${items.length}\r\n${items.map(bulk).join('')}`;
      }
      case 'INCR': {
        const n = Number(data.get(rest[0]) ?? '0');
        if (!Number.isInteger(n)) return '-ERR value is not an integer or out of range\r\n';
        data.set(rest[0], String(n + 1));
        return `:${n + 1}\r\n`;
      }
      case 'DBSIZE': return `:${data.size + lists.size}\r\n`;
      case 'KEYS': return `*${data.size + lists.size}\r\n${[...data.keys(), ...lists.keys()].map(bulk).join('')}`;
      case 'INFO': return bulk(`# Server\r\nredis_version:${version}\r\nredis_mode:standalone\r\ntcp_port:6379\r\n`);
      case 'QUIT': return '+OK\r\n';
      default: return `-ERR unknown command '${cmd}', with args beginning with: ${rest.map((a) => `'${a}' `).join('')}\r\n`;
    }
  };
  return serve(ctx, [{ port: 6379, tcp: async (input) => parseRedisCommands(input).map(exec).join('') }], {
    onStop: async () => {
      await line(ctx, `1:signal-handler (${Math.floor(ctx.clock.now() / 1000)}) Received SIGTERM scheduling shutdown...`);
      await line(ctx, `1:M ${t()} * User requested shutdown...`);
      await line(ctx, `1:M ${t()} * Saving the final RDB snapshot before exiting.`);
      await line(ctx, `1:M ${t()} * DB saved on disk`);
      await line(ctx, `1:M ${t()} # Redis is now ready to exit, bye bye...`);
    },
  });
};
