/** `getent hosts NAME` (libc's resolver, as busybox-less images have it): `<ip>           <fqdn>` per address; exit 2 when not found. */
import type { Command } from '../shell/command';

export const getent: Command = async (ctx) => {
  const [db, ...keys] = ctx.argv.slice(1);
  if (db !== 'hosts' && db !== 'ahosts') {
    await ctx.stderr.write(db ? `Unknown database: ${db}\n` : 'Usage: getent [OPTION...] database [key ...]\n');
    return db ? 1 : 1;
  }
  let found = true;
  for (const key of keys) {
    const answer = ctx.net.resolve(key, ctx.pod.namespace);
    if (!answer || answer.addresses.length === 0) {
      found = false;
      continue;
    }
    for (const ip of answer.addresses) await ctx.stdout.write(`${ip.padEnd(15)} ${answer.fqdn}\n`);
  }
  return found ? 0 : 2;
};
