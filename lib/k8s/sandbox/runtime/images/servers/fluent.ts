/**
 * Log shippers. fluent-bit reads its classic-format config (-c, default
 * /fluent-bit/etc/fluent-bit.conf): `tail` inputs follow their Path, `record_modifier`
 * filters add Record keys (${VAR} from the environment), outputs are `stdout` (records
 * printed as fluent-bit prints them) or `forward` (sent to Host:Port through the cluster
 * network, where a fluentd listens). fluentd listens on 24224 (forward input) and prints
 * what arrives when its config has a stdout match, else writes it under /fluentd/log; it also
 * follows `@type tail` sources.
 */
import type { Command, CommandContext } from '../../shell/command';
import { VfsError } from '../../vfs-types';
import { errLine, line, serve, slashTime } from './server';
import { tailFiles } from './tail-files';

type Section = { name: string; props: Map<string, string[]> };

export function parseFluentBitConfig(text: string): Section[] {
  const out: Section[] = [];
  for (const raw of text.split('\n')) {
    const l = raw.replace(/#.*/, '').trim();
    if (!l) continue;
    const head = /^\[(\w+)\]$/.exec(l);
    if (head) out.push({ name: head[1].toUpperCase(), props: new Map() });
    else {
      const [k, ...v] = l.split(/\s+/);
      const sec = out.at(-1);
      if (sec) sec.props.set(k.toLowerCase(), [...(sec.props.get(k.toLowerCase()) ?? []), v.join(' ')]);
    }
  }
  return out;
}

const prop = (s: Section, k: string) => s.props.get(k)?.[0];
const expand = (ctx: CommandContext, v: string) => v.replace(/\$\{(\w+)\}/g, (_, n: string) => ctx.env.get(n) ?? '');
const tagFor = (tag: string, file: string) => (tag.includes('*') ? tag.replace('*', file.replace(/^\//, '').replace(/\//g, '.')) : tag);

export const fluentBit: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  const cfg = args.includes('-c') ? args[args.indexOf('-c') + 1] : '/fluent-bit/etc/fluent-bit.conf';
  const info = (text: string) => errLine(ctx, `[${slashTime(ctx.clock.now())}] [ info] ${text}`);
  let sections: Section[];
  try {
    sections = parseFluentBitConfig(ctx.fs.readFile(cfg));
  } catch (err) {
    if (!(err instanceof VfsError)) throw err;
    await errLine(ctx, `[${slashTime(ctx.clock.now())}] [error] [config] could not open configuration file ${cfg}`);
    return 1;
  }
  await errLine(ctx, 'Fluent Bit v3.0.7');
  await errLine(ctx, '* Copyright (C) 2015-2024 The Fluent Bit Authors');
  await errLine(ctx, '* Fluent Bit is a CNCF sub-project under the umbrella of Fluentd');
  await errLine(ctx, '* https://fluentbit.io');
  await errLine(ctx, '');
  await info('[fluent bit] version=3.0.7, commit=73e72bdf9b, pid=1');
  await info('[storage] ver=1.5.2, type=memory, sync=normal, checksum=off, max_chunks_up=128');
  const inputs = sections.filter((s) => s.name === 'INPUT' && prop(s, 'name') === 'tail');
  const extra: Record<string, string> = {};
  for (const f of sections.filter((s) => s.name === 'FILTER' && prop(s, 'name') === 'record_modifier')) {
    for (const r of f.props.get('record') ?? []) {
      const [k, ...v] = r.split(/\s+/);
      extra[k] = expand(ctx, v.join(' '));
    }
  }
  const outputs = sections.filter((s) => s.name === 'OUTPUT');
  for (let i = 0; i < inputs.length; i++) await info(`[input:tail:tail.${i}] initializing`);
  await info('[sp] stream processor started');
  let n = 0;
  const emit = async (tag: string, log: string) => {
    const ts = (ctx.clock.now() / 1000).toFixed(9);
    const record = { log, ...extra };
    for (const o of outputs) {
      if (prop(o, 'name') === 'stdout') {
        const fields = Object.entries(record).map(([k, v]) => `"${k}"=>"${v}"`).join(', ');
        await line(ctx, `[${n++}] ${tag}: [[${ts}, {}], {${fields}}]`);
      } else if (prop(o, 'name') === 'forward') {
        const host = expand(ctx, prop(o, 'host') ?? '127.0.0.1');
        const port = Number(prop(o, 'port') ?? 24224);
        const ip = ctx.net.resolve(host, ctx.pod.namespace)?.addresses[0];
        const l = ip ? ctx.net.dial(ip, port, ctx.pod.ip) : 'EHOSTUNREACH';
        if (typeof l === 'object' && l.tcp) await l.tcp(`${JSON.stringify([tag, Number(ts), record])}\n`, ctx.pod.ip);
        else await errLine(ctx, `[${slashTime(ctx.clock.now())}] [error] [output:forward:forward.0] no upstream connections available`);
      }
    }
  };
  await tailFiles(
    ctx,
    inputs.flatMap((s) => (prop(s, 'path') ?? '').split(',').map((p) => p.trim()).filter(Boolean)),
    (file, l) => emit(tagFor(prop(inputs.find((s) => (prop(s, 'path') ?? '').length)!, 'tag') ?? 'tail.0', file), l),
    (file) => info(`[input:tail:tail.0] inotify_fs_add(): inode=${1000 + file.length} watch_fd=1 name=${file}`),
  );
  await errLine(ctx, `[${slashTime(ctx.clock.now())}] [engine] caught signal (SIGTERM)`);
  await info('[input] pausing tail.0');
  return 0;
};

export const fluentd: Command = async (ctx) => {
  const conf = `/fluentd/etc/${ctx.env.get('FLUENTD_CONF') ?? 'fluent.conf'}`;
  const t = () => new Date(ctx.clock.now()).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' +0000');
  const info = (text: string) => line(ctx, `${t()} [info]: ${text}`);
  let text = '';
  try {
    text = ctx.fs.readFile(conf);
  } catch (err) {
    if (!(err instanceof VfsError)) throw err;
    await line(ctx, `${t()} [error]: config error file="${conf}" error_class=Fluent::ConfigError error="No such file or directory @ rb_sysopen - ${conf}"`);
    return 1;
  }
  const toStdout = /<match[^>]*>[^<]*@type\s+stdout/.test(text);
  await info('init supervisor logger path=nil rotate_age=nil rotate_size=nil');
  await info(`parsing config file is succeeded path="${conf}"`);
  await info("gem 'fluentd' version '1.14.6'");
  await info('starting fluentd-1.14.6 pid=7 ruby="2.7.6"');
  await info('#0 listening port port=24224 bind="0.0.0.0"');
  await info('#0 fluentd worker is now running worker=0');
  const record = async (tag: string, timeSec: number, rec: unknown) => {
    const stamp = `${new Date(timeSec * 1000).toISOString().replace('T', ' ').replace('Z', '')}000000 +0000`;
    const out = `${stamp} ${tag}: ${JSON.stringify(rec)}`;
    if (toStdout) await line(ctx, out);
    else {
      try {
        ctx.fs.mkdir('/fluentd/log', { recursive: true });
        ctx.fs.writeFile('/fluentd/log/data.log', `${out}\n`, { append: true });
      } catch (err) {
        if (!(err instanceof VfsError)) throw err;
      }
    }
  };
  const tails = [...text.matchAll(/<source>[^<]*@type\s+tail[^<]*?path\s+(\S+)[^<]*?(?:tag\s+(\S+))?[^<]*<\/source>/g)];
  if (tails.length) void tailFiles(ctx, tails.map((m) => m[1]), (file, l) => record(tagFor(tails[0][2] ?? 'tail', file), ctx.clock.now() / 1000, { message: l }));
  return serve(ctx, [{
    port: 24224,
    tcp: async (data) => {
      for (const l of data.split('\n').filter(Boolean)) {
        try {
          const [tag, time, rec] = JSON.parse(l) as [string, number, unknown];
          await record(tag, time, rec);
        } catch {
          // Not the forward protocol: fluentd drops the connection.
        }
      }
      return '';
    },
  }], {
    onStop: async () => {
      await info('Received graceful stop');
      await info('#0 fluentd worker is now stopping worker=0');
      await info('Worker 0 finished with status 0');
    },
  });
};
