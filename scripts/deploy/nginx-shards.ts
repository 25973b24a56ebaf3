/**
 * NGINX in front of Kubelab shards, for operators without ingress-nginx (deploy/README.md):
 *   npx tsx scripts/deploy/nginx-shards.ts --listen 80 --shard 10.0.0.11:3000 --shard 10.0.0.12:3000 \
 *     [--prefix /var/lib/kubelab-nginx] [--stream-timeout 3600] [--user www-data] [--daemon]
 * prints a whole nginx.conf; `--maps` prints only the http-level maps (ingress-nginx's http-snippet).
 */
import { nginxShardMaps, nginxShardsConfig } from '../../lib/deploy/nginx-shards';
import { cliOptions } from './cli-options';

const args = process.argv.slice(2);
const shards: string[] = [];
let listen: string | undefined;
let prefix = '/var/lib/kubelab-nginx';
let streamTimeoutSeconds: number | undefined;
let user: string | undefined;
let foreground = true;
let mapsOnly = false;
for (const [a, next] of cliOptions(args)) {
  if (a === '--listen') listen = next();
  else if (a === '--shard') shards.push(next());
  else if (a === '--prefix') prefix = next();
  else if (a === '--stream-timeout') streamTimeoutSeconds = Number(next());
  else if (a === '--user') user = next();
  else if (a === '--daemon') foreground = false;
  else if (a === '--maps') mapsOnly = true;
  else throw new Error(`unknown option ${a} (see the usage at the top of scripts/deploy/nginx-shards.ts)`);
}
if (mapsOnly) process.stdout.write(nginxShardMaps());
else {
  if (!listen || shards.length === 0) throw new Error('give --listen <port or address:port> and one --shard <host:port> per shard');
  process.stdout.write(nginxShardsConfig({ listen, shards, prefix, streamTimeoutSeconds, user, foreground }));
}
