/**
 * redis-cli as the redis image ships it, in the form scripts use: `redis-cli [-h HOST] [-p PORT]
 * COMMAND [ARG...]`. It sends one RESP command and prints the reply the way redis-cli does when
 * its output is not a terminal (raw replies, as in `item=$(redis-cli lpop jobs)`): a status or
 * bulk string as is, nil as an empty line, an integer as its digits, an array one element per
 * line, an error as its text. Exit 0 (also after an error reply, as redis-cli does); 1 when it
 * cannot connect, with redis-cli's message on stderr.
 */
import type { Command } from '../../shell/command';
import { connect, isAbort, signalExit } from '../../network-commands/connect';
import { exchangeTcp } from '../../network-commands/http';

const USAGE = 'Usage: redis-cli [OPTIONS] [cmd [arg [arg ...]]]\n  -h <hostname>      Server hostname (default: 127.0.0.1).\n  -p <port>          Server port (default: 6379).\n';

export class RedisCliUsageError extends Error {
  constructor(option: string) {
    super(`Unrecognized option or bad number of args for: '${option}'`);
    this.name = 'RedisCliUsageError';
  }
}

interface CliArgs {
  host: string;
  port: number;
  command: string[];
}

function parseArgs(argv: string[]): CliArgs {
  let host = '127.0.0.1';
  let port = 6379;
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    const opt = argv[i];
    const value = argv[i + 1];
    if (opt === '-h' && value !== undefined) host = value;
    else if (opt === '-p' && value !== undefined && /^\d+$/.test(value)) port = Number(value);
    else if (opt === '-n' && value !== undefined && /^\d+$/.test(value)) {
      // Database numbers other than 0 are not modelled; 0 is the default anyway.
    } else throw new RedisCliUsageError(opt);
    i++;
  }
  return { host, port, command: argv.slice(i) };
}

/** RESP array of bulk strings, as redis-cli sends every command. */
function encode(command: string[]): string {
  return `*${command.length}\r\n${command.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** The reply as redis-cli prints it to a pipe (no type annotations, nil as an empty line). */
export function formatRawReply(reply: string): string {
  const lines = reply.split('\r\n');
  let i = 0;
  const one = (): string[] => {
    const head = lines[i++] ?? '';
    const type = head[0];
    const rest = head.slice(1);
    if (type === '+' || type === '-' || type === ':') return [rest];
    if (type === '$') {
      if (rest === '-1') return [''];
      return [lines[i++] ?? ''];
    }
    if (type === '*') {
      const n = Number(rest);
      if (n <= 0) return [];
      return Array.from({ length: n }, () => one()).flat();
    }
    return [];
  };
  return `${one().join('\n')}\n`;
}

export const redisCli: Command = async (ctx) => {
  let args: CliArgs;
  try {
    args = parseArgs(ctx.argv.slice(1));
  } catch (err) {
    if (!(err instanceof RedisCliUsageError)) throw err;
    await ctx.stderr.write(`${err.message}\n${USAGE}`);
    return 1;
  }
  if (args.command.length === 0) {
    // Interactive mode needs a terminal; scripts always name a command.
    await ctx.stderr.write(USAGE);
    return 1;
  }
  try {
    const conn = await connect(ctx, args.host, args.port);
    if (!conn.ok) {
      const why = conn.stage === 'resolve' ? 'Name or service not known' : conn.error === 'ECONNREFUSED' ? 'Connection refused' : conn.error === 'ETIMEDOUT' ? 'Connection timed out' : 'No route to host';
      await ctx.stderr.write(`Could not connect to Redis at ${args.host}:${args.port}: ${why}\n`);
      return 1;
    }
    const reply = await exchangeTcp(conn.listener, encode(args.command), ctx.pod.ip);
    await ctx.stdout.write(formatRawReply(reply));
    return 0;
  } catch (err) {
    if (isAbort(err)) return signalExit(ctx);
    throw err;
  }
};
