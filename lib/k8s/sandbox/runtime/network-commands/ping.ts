/**
 * busybox ping, as far as the sandbox can tell: pod and node IPs answer (one reply per
 * second of cluster time), ClusterIPs do not (they are virtual, kube-proxy only rewrites
 * TCP/UDP), unknown names die with `ping: bad address 'x'`.
 */
import type { Command } from '../shell/command';
import { isAbort, resolveHost } from './connect';
import { getopt, UsageError } from './getopt';

export const ping: Command = async (ctx) => {
  let o;
  try {
    o = getopt(ctx.argv.slice(1), { short: 'c:W:w:qi:s:' });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    await ctx.stderr.write(`ping: ${err.message}\n`);
    return 1;
  }
  const host = o.operands[0];
  if (!host) {
    await ctx.stderr.write('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n');
    return 1;
  }
  const ip = resolveHost(ctx, host);
  if (!ip) {
    await ctx.stderr.write(`ping: bad address '${host}'\n`);
    return 1;
  }
  const count = o.values.has('c') ? Number(o.values.get('c')) : Infinity;
  const serviceIP = /^10\.(9[6-9]|10[0-9]|11[01])\./.test(ip); // the service CIDR 10.96.0.0/12
  const answers = ip.startsWith('127.') || (!serviceIP && ctx.net.dial(ip, 0, ctx.pod.ip) !== 'EHOSTUNREACH');
  await ctx.stdout.write(`PING ${host} (${ip}): 56 data bytes\n`);
  let sent = 0;
  let received = 0;
  try {
    while (sent < count) {
      if (answers) {
        await ctx.stdout.write(`64 bytes from ${ip}: seq=${sent} ttl=63 time=0.081 ms\n`);
        received++;
      }
      sent++;
      await ctx.clock.sleep(1000);
    }
  } catch (err) {
    if (!isAbort(err)) throw err;
  }
  const loss = sent === 0 ? 0 : Math.round(((sent - received) / sent) * 100);
  await ctx.stdout.write(`\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${received} packets received, ${loss}% packet loss\n`);
  if (received) await ctx.stdout.write('round-trip min/avg/max = 0.081/0.081/0.081 ms\n');
  return received ? 0 : 1;
};
