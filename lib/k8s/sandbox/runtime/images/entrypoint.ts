/**
 * The images' entrypoint scripts (docker-entrypoint.sh and friends): each does its image's
 * preparation and then `exec "$@"`. Which image it belongs to is told by the image's
 * environment (NGINX_VERSION, PG_MAJOR, ...), as the scripts are the image's own. A first
 * argument that is an option is given to the image's server (`args: ["--appendonly", "yes"]`
 * on redis runs `redis-server --appendonly yes`). Anything else is looked up in the table the
 * runtime hands over (the shell and utilities), so `command: [docker-entrypoint.sh, sh, -c, ...]`
 * works as `exec sh -c ...` would.
 */
import type { Command, CommandContext } from '../shell/command';
import { postgresEntrypoint } from './servers/postgres';
import { errLine, line } from './servers/server';

export type CommandLookup = (name: string) => Command | undefined;

function defaultServer(ctx: CommandContext): string | undefined {
  if (ctx.env.has('NGINX_VERSION')) return 'nginx';
  if (ctx.env.has('PG_MAJOR')) return 'postgres';
  if (ctx.env.has('REDIS_VERSION')) return 'redis-server';
  if (ctx.env.has('HAPROXY_VERSION')) return 'haproxy';
  if (ctx.env.has('MYSQL_MAJOR')) return 'mysqld';
  if (ctx.env.has('RABBITMQ_VERSION')) return 'rabbitmq-server';
  if (ctx.env.has('ES_VERSION')) return 'eswrapper';
  return undefined;
}

async function nginxPrelude(ctx: CommandContext, packagedDefault: string | undefined): Promise<void> {
  const ep = '/docker-entrypoint.sh';
  await line(ctx, `${ep}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`);
  await line(ctx, `${ep}: Looking for shell scripts in /docker-entrypoint.d/`);
  await line(ctx, `${ep}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`);
  const conf = '/etc/nginx/conf.d/default.conf';
  const s = '10-listen-on-ipv6-by-default.sh';
  if (!ctx.fs.exists(conf)) await line(ctx, `${s}: info: ${conf} is not a file or does not exist`);
  else if (packagedDefault !== undefined && ctx.fs.readFile(conf) !== packagedDefault) await line(ctx, `${s}: info: ${conf} differs from the packaged version`);
  else {
    await line(ctx, `${s}: info: Getting the checksum of ${conf}`);
    await line(ctx, `${s}: info: Enabled listen on IPv6 in ${conf}`);
  }
  await line(ctx, `${ep}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`);
  await line(ctx, `${ep}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`);
  await line(ctx, `${ep}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`);
  await line(ctx, `${ep}: Configuration complete; ready for start up`);
}

export function createEntrypoint(lookup: CommandLookup, nginxDefaultConf?: string): Command {
  return async (ctx) => {
    let args = ctx.argv.slice(1);
    const server = defaultServer(ctx);
    if (server && (args.length === 0 || args[0].startsWith('-'))) args = [server, ...args];
    const [name] = args;
    if (!name) return 0;
    if (name === 'nginx' || name === 'nginx-debug') await nginxPrelude(ctx, nginxDefaultConf);
    if (name === 'postgres') {
      const failed = await postgresEntrypoint(ctx);
      if (failed !== undefined) return failed;
    }
    const cmd = lookup(name) ?? lookup(name.slice(name.lastIndexOf('/') + 1));
    if (!cmd) {
      await errLine(ctx, `${ctx.argv[0]}: line 1: exec: ${name}: not found`);
      return 127;
    }
    return cmd({ ...ctx, argv: args });
  };
}

/** tini (`tini -- prog args`): runs prog as its child and passes its exit status on. */
export function createTini(lookup: CommandLookup): Command {
  return async (ctx) => {
    const args = ctx.argv.slice(1);
    const rest = args[0] === '--' ? args.slice(1) : args;
    const cmd = rest[0] ? lookup(rest[0]) ?? lookup(rest[0].slice(rest[0].lastIndexOf('/') + 1)) : undefined;
    if (!cmd) {
      await errLine(ctx, rest[0] ? `[FATAL tini (1)] exec ${rest[0]} failed: No such file or directory` : 'tini (tini version 0.19.0)\nUsage: tini [OPTIONS] PROGRAM -- [ARGS]');
      return rest[0] ? 127 : 1;
    }
    return cmd({ ...ctx, argv: rest });
  };
}
