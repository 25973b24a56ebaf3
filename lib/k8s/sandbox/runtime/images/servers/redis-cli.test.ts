import { describe, expect, it } from 'vitest';
import { MemoryVfs } from '../../vfs';
import { TableNetwork, testProcess } from '../../network-commands/context.testing';
import { imageCommands, imageConfig } from '../index';
import { formatRawReply } from './redis-cli';

function redisAt(net: TableNetwork, ip: string) {
  const cfg = imageConfig('redis:7.2');
  const p = testProcess([...cfg.entrypoint, ...cfg.cmd], { net, fs: new MemoryVfs({ files: cfg.files }), ip, env: cfg.env });
  const exit = imageCommands[cfg.entrypoint[0]](p.ctx);
  return { p, exit };
}

async function cli(net: TableNetwork, ...args: string[]) {
  const c = testProcess(['redis-cli', ...args], { net, ip: '10.244.1.3' });
  const code = await imageCommands['redis-cli'](c.ctx);
  return { code, out: c.stdout(), err: c.stderr() };
}

describe('redis-cli against the redis image', () => {
  it('pushes, pops and counts a work list the way a queue script reads it', async () => {
    const net = new TableNetwork({ 'queue.default.svc.cluster.local': ['10.244.2.9'] });
    const server = redisAt(net, '10.244.2.9');
    await server.p.flush();
    expect(await cli(net, '-h', 'queue', 'ping')).toEqual({ code: 0, out: 'PONG\n', err: '' });
    expect((await cli(net, '-h', 'queue', 'rpush', 'jobs', 'item-1', 'item-2')).out).toBe('2\n');
    expect((await cli(net, '-h', 'queue', 'llen', 'jobs')).out).toBe('2\n');
    expect((await cli(net, '-h', 'queue', 'lrange', 'jobs', '0', '-1')).out).toBe('item-1\nitem-2\n');
    expect((await cli(net, '-h', 'queue', 'lpop', 'jobs')).out).toBe('item-1\n');
    expect((await cli(net, '-h', 'queue', 'lpop', 'jobs')).out).toBe('item-2\n');
    // An empty list pops nil, which redis-cli prints as an empty line: `[ -z "$item" ]` is true.
    expect((await cli(net, '-h', 'queue', 'lpop', 'jobs')).out).toBe('\n');
    expect((await cli(net, '-h', 'queue', 'get', 'jobs-ready')).out).toBe('\n');
    expect((await cli(net, '-h', 'queue', 'set', 'jobs-ready', '1')).out).toBe('OK\n');
    expect((await cli(net, '-h', 'queue', 'get', 'jobs-ready')).out).toBe('1\n');
    expect((await cli(net, '-h', 'queue', 'lpush', 'jobs-ready', 'x')).out).toBe('WRONGTYPE Operation against a key holding the wrong kind of value\n');
    server.p.kill('SIGTERM');
    await server.exit;
  });

  it('says it could not connect, on stderr with exit 1, when nothing listens', async () => {
    const net = new TableNetwork({ 'queue.default.svc.cluster.local': ['10.244.2.9'] });
    expect(await cli(net, '-h', 'queue', 'ping')).toEqual({ code: 1, out: '', err: 'Could not connect to Redis at queue:6379: Connection refused\n' });
    expect(await cli(net, '-h', 'nowhere', 'ping')).toMatchObject({ code: 1, err: 'Could not connect to Redis at nowhere:6379: Name or service not known\n' });
  });

  it('refuses an unknown option, naming it', async () => {
    const r = await cli(new TableNetwork(), '--bogus', 'ping');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe("Unrecognized option or bad number of args for: '--bogus'");
  });

  it('prints raw replies: integers and statuses as text, nil as an empty line, arrays one per line', () => {
    expect(formatRawReply(':3\r\n')).toBe('3\n');
    expect(formatRawReply('+OK\r\n')).toBe('OK\n');
    expect(formatRawReply('$-1\r\n')).toBe('\n');
    expect(formatRawReply('*2\r\n$1\r\na\r\n$1\r\nb\r\n')).toBe('a\nb\n');
  });
});
