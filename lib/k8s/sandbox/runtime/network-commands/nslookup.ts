/**
 * busybox nslookup (networking/nslookup.c) against the cluster DNS: the server block, then
 * one `Name:`/`Address:` pair per A record and a blank line, or
 * `** server can't find <name>: NXDOMAIN` with exit 1. An IP asks for its PTR name, which the
 * sandbox DNS does not serve.
 */
import { DNS_SERVER_IP, isIPv4 } from '../../network/dns-names';
import type { Command } from '../shell/command';

const USAGE = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n';

export const nslookup: Command = async (ctx) => {
  const operands = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const [name, server] = operands;
  if (!name || operands.length > 2) {
    await ctx.stderr.write(USAGE);
    return 1;
  }
  const serverIP = server ? ctx.net.resolve(server, ctx.pod.namespace)?.addresses[0] ?? server : DNS_SERVER_IP;
  let out = `Server:\t\t${server ?? serverIP}\nAddress:\t${serverIP}:53\n\n`;
  if (isIPv4(name)) {
    const ptr = `${name.split('.').reverse().join('.')}.in-addr.arpa`;
    await ctx.stdout.write(`${out}** server can't find ${ptr}: NXDOMAIN\n\n`);
    return 1;
  }
  const answer = ctx.net.resolve(name, ctx.pod.namespace);
  if (!answer) {
    await ctx.stdout.write(`${out}** server can't find ${name}: NXDOMAIN\n\n`);
    return 1;
  }
  if (answer.addresses.length === 0) {
    await ctx.stdout.write(`${out}*** Can't find ${name}: No answer\n\n`);
    return 1;
  }
  for (const ip of answer.addresses) out += `Name:\t${answer.fqdn}\nAddress: ${ip}\n`;
  await ctx.stdout.write(`${out}\n`);
  return 0;
};
