/**
 * The image catalog and what runs in its images. The runtime uses:
 * - `ImageServiceImpl` (ContainerRuntime.images) to pull;
 * - `imageConfig(image)` for Entrypoint/Cmd/Env/WorkingDir, rootfs files, hasShell and the
 *   programs the image ships (`binaries`, keys of the command table);
 * - `createImageCommands(lookup)` (or the self-contained `imageCommands`) for the modelled
 *   servers and entrypoint scripts. `lookup` resolves any other program an entrypoint execs
 *   (`sh`, coreutils, network tools): pass the runtime's full command table.
 */
import type { CommandTable } from '../shell/command';
import { networkCommands } from '../network-commands';
import { NGINX_FILES } from './nginx-files';
import { createEntrypoint, createTini, type CommandLookup } from './entrypoint';
import { fluentBit, fluentd } from './servers/fluent';
import { haproxy } from './servers/haproxy';
import { httpdForeground } from './servers/httpd';
import { nginx } from './servers/nginx';
import { postgres } from './servers/postgres';
import { redisServer } from './servers/redis';
import { redisCli } from './servers/redis-cli';
import { alertmanager, elasticsearch, grafana, mongod, mysqld, nodeExporter, pause, prometheus, rabbitmqServer } from './servers/simple-servers';

const SERVERS: CommandTable = {
  nginx,
  'nginx-debug': nginx,
  'httpd-foreground': httpdForeground,
  httpd: httpdForeground,
  'redis-server': redisServer,
  'redis-cli': redisCli,
  postgres,
  mysqld,
  mongod,
  'rabbitmq-server': rabbitmqServer,
  haproxy,
  fluentd,
  '/fluent-bit/bin/fluent-bit': fluentBit,
  'fluent-bit': fluentBit,
  '/bin/prometheus': prometheus,
  prometheus,
  '/bin/node_exporter': nodeExporter,
  node_exporter: nodeExporter,
  '/bin/alertmanager': alertmanager,
  alertmanager,
  '/run.sh': grafana,
  'grafana-server': grafana,
  eswrapper: elasticsearch,
  '/pause': pause,
};

/** Server commands plus entrypoint scripts that exec through lookup (then through themselves). */
export function createImageCommands(lookup: CommandLookup): CommandTable {
  const table: CommandTable = { ...SERVERS };
  const find: CommandLookup = (name) => table[name] ?? lookup(name);
  const entrypoint = createEntrypoint(find, NGINX_FILES['/etc/nginx/conf.d/default.conf']);
  const tini = createTini(find);
  Object.assign(table, {
    'docker-entrypoint.sh': entrypoint,
    '/docker-entrypoint.sh': entrypoint,
    '/usr/local/bin/docker-entrypoint.sh': entrypoint,
    '/bin/entrypoint.sh': entrypoint,
    tini,
    '/bin/tini': tini,
  });
  return table;
}

/** The image commands with the network tools as the only other programs. */
export const imageCommands: CommandTable = createImageCommands((name) => networkCommands[name]);

export { ImageServiceImpl, imageConfig, imageDigest, imageCatalog, UnknownImageError } from './image-service';
export { CATALOG, type CatalogEntry, type ImageConfig } from './catalog';
export { parseImageReference, InvalidReferenceError, type ImageReference } from './reference';
