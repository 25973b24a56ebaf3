/**
 * Servers modelled by their start lines, their ports and a few HTTP endpoints: prometheus
 * (9090 /-/healthy, /-/ready, /metrics), node-exporter (9100 /metrics), alertmanager (9093),
 * grafana (3000 /api/health), elasticsearch (9200 JSON), mysql (3306), mongo (27017),
 * rabbitmq (5672, 15672 with -management), and the pause container.
 */
import type { HttpResponse, Listener } from '../../../network/types';
import type { Command, CommandContext } from '../../shell/command';
import { errLine, isoTime, line, serve } from './server';

type Route = (ctx: CommandContext) => HttpResponse;

function httpListener(ctx: CommandContext, port: number, routes: Record<string, Route>): Listener {
  return {
    port,
    http: async (req) => {
      const path = req.path.split('?')[0];
      const route = routes[path];
      return route ? route(ctx) : { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: '404 page not found\n' };
    },
  };
}

const text = (body: string, type = 'text/plain; charset=utf-8'): Route => () => ({ status: 200, headers: { 'Content-Type': type }, body });
const json = (make: (ctx: CommandContext) => unknown): Route => (ctx) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: `${JSON.stringify(make(ctx), null, 2)}\n` });

const flag = (ctx: CommandContext, name: string) => ctx.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
const goLog = (ctx: CommandContext, level: string, caller: string, msg: string, extra = '') =>
  errLine(ctx, `ts=${isoTime(ctx.clock.now())} caller=${caller} level=${level} msg="${msg}"${extra ? ` ${extra}` : ''}`);

const nodeMetrics = (ctx: CommandContext) => {
  const up = Math.floor(ctx.clock.now() / 1000);
  return [
    '# HELP node_boot_time_seconds Node boot time, in unixtime.',
    '# TYPE node_boot_time_seconds gauge',
    `node_boot_time_seconds ${up - 86_400}`,
    '# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.',
    '# TYPE node_cpu_seconds_total counter',
    ...[0, 1, 2, 3].flatMap((cpu) => [`node_cpu_seconds_total{cpu="${cpu}",mode="idle"} ${(80_000 + cpu * 113.5).toFixed(2)}`, `node_cpu_seconds_total{cpu="${cpu}",mode="system"} ${(1_200 + cpu * 7.25).toFixed(2)}`, `node_cpu_seconds_total{cpu="${cpu}",mode="user"} ${(3_400 + cpu * 11.75).toFixed(2)}`]),
    '# HELP node_load1 1m load average.',
    '# TYPE node_load1 gauge',
    'node_load1 0.42',
    '# HELP node_memory_MemAvailable_bytes Memory information field MemAvailable_bytes.',
    '# TYPE node_memory_MemAvailable_bytes gauge',
    'node_memory_MemAvailable_bytes 6.312e+09',
    '# HELP node_memory_MemTotal_bytes Memory information field MemTotal_bytes.',
    '# TYPE node_memory_MemTotal_bytes gauge',
    'node_memory_MemTotal_bytes 8.245460992e+09',
    '# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.',
    '# TYPE node_filesystem_avail_bytes gauge',
    'node_filesystem_avail_bytes{device="/dev/root",fstype="ext4",mountpoint="/"} 4.1238528e+10',
    '# HELP node_network_receive_bytes_total Network device statistic receive_bytes.',
    '# TYPE node_network_receive_bytes_total counter',
    `node_network_receive_bytes_total{device="eth0"} ${1_000_000 + (up % 100_000) * 37}`,
    '# HELP node_time_seconds System time in seconds since epoch (1970).',
    '# TYPE node_time_seconds gauge',
    `node_time_seconds ${(ctx.clock.now() / 1000).toFixed(3)}`,
    '',
  ].join('\n');
};

export const prometheus: Command = async (ctx) => {
  const config = flag(ctx, 'config.file') ?? '/etc/prometheus/prometheus.yml';
  if (!ctx.fs.exists(config)) {
    await goLog(ctx, 'error', 'main.go:621', `Error loading config (--config.file=${config})`, `file=${config} err="open ${config}: no such file or directory"`);
    return 1;
  }
  await goLog(ctx, 'info', 'main.go:639', 'No time or size retention was set so using the default time retention', 'duration=15d');
  await goLog(ctx, 'info', 'main.go:683', 'Starting Prometheus Server', 'mode=server version="(version=2.53.0, branch=HEAD, revision=4c35b9250afefede41c5f5acd76191f90f625898)"');
  await goLog(ctx, 'info', 'web.go:568', 'Start listening for connections', 'component=web address=0.0.0.0:9090');
  await goLog(ctx, 'info', 'main.go:1322', 'Loading configuration file', `filename=${config}`);
  await goLog(ctx, 'info', 'main.go:1118', 'Server is ready to receive web requests.');
  return serve(ctx, [httpListener(ctx, 9090, {
    '/-/healthy': text('Prometheus Server is Healthy.\n'),
    '/-/ready': text('Prometheus Server is Ready.\n'),
    '/metrics': text('# HELP prometheus_ready Whether Prometheus startup was fully completed and the server is ready for normal operation.\n# TYPE prometheus_ready gauge\nprometheus_ready 1\n'),
    '/api/v1/targets': json(() => ({ status: 'success', data: { activeTargets: [], droppedTargets: [] } })),
  })], { onStop: () => goLog(ctx, 'warn', 'main.go:882', 'Received SIGTERM, exiting gracefully...') });
};

export const nodeExporter: Command = async (ctx) => {
  await goLog(ctx, 'info', 'node_exporter.go:193', 'Starting node_exporter', 'version="(version=1.8.1, branch=HEAD, revision=400c3979931613db930ea035f39ce7b377cdbb5b)"');
  await goLog(ctx, 'info', 'node_exporter.go:118', 'Enabled collectors');
  for (const c of ['cpu', 'diskstats', 'filesystem', 'loadavg', 'meminfo', 'netdev', 'time', 'uname']) await goLog(ctx, 'info', 'node_exporter.go:125', '', `collector=${c}`);
  await goLog(ctx, 'info', 'tls_config.go:313', 'Listening on', 'address=[::]:9100');
  return serve(ctx, [httpListener(ctx, 9100, { '/metrics': (c) => text(nodeMetrics(c), 'text/plain; version=0.0.4; charset=utf-8')(c), '/': text('<html><head><title>Node Exporter</title></head><body><h1>Node Exporter</h1></body></html>\n', 'text/html') })]);
};

export const alertmanager: Command = async (ctx) => {
  await goLog(ctx, 'info', 'main.go:181', 'Starting Alertmanager', 'version="(version=0.27.0, branch=HEAD, revision=0aa3c2aad14cff039931923ab16b26b7481783b5)"');
  await goLog(ctx, 'info', 'coordinator.go:113', 'Loading configuration file', `component=configuration file=${flag(ctx, 'config.file') ?? '/etc/alertmanager/alertmanager.yml'}`);
  await goLog(ctx, 'info', 'tls_config.go:313', 'Listening on', 'address=[::]:9093');
  return serve(ctx, [httpListener(ctx, 9093, { '/-/healthy': text('OK'), '/-/ready': text('OK'), '/api/v2/status': json(() => ({ cluster: { status: 'ready' }, versionInfo: { version: '0.27.0' } })) })]);
};

export const grafana: Command = async (ctx) => {
  const version = ctx.env.get('GRAFANA_VERSION') ?? '11.1.0';
  const log = (msg: string, extra = '') => line(ctx, `logger=${msg.split('|')[0]} t=${isoTime(ctx.clock.now())} level=info msg="${msg.split('|')[1]}"${extra ? ` ${extra}` : ''}`);
  await log('settings|Starting Grafana', `version=${version} commit=unknown branch=HEAD compiled=${isoTime(ctx.clock.now())}`);
  await log('sqlstore|Connecting to DB', 'dbtype=sqlite3');
  await log('migrator|Starting DB migrations');
  await log('http.server|HTTP Server Listen', 'address=[::]:3000 protocol=http subUrl= socket=');
  return serve(ctx, [httpListener(ctx, 3000, { '/api/health': json(() => ({ database: 'ok', version, commit: 'unknown' })), '/login': text('<!DOCTYPE html><title>Grafana</title>\n', 'text/html') })], {
    onStop: () => log('server|Shutdown started', 'reason="System signal: terminated"'),
  });
};

export const elasticsearch: Command = async (ctx) => {
  const version = ctx.env.get('ES_VERSION') ?? '8.15.0';
  const log = (msg: string) => line(ctx, JSON.stringify({ '@timestamp': isoTime(ctx.clock.now()), 'log.level': 'INFO', message: msg, 'ecs.version': '1.2.0', 'service.name': 'ES_ECS', 'event.dataset': 'elasticsearch.server' }));
  await log(`version[${version}], pid[1], build[docker], OS[Linux/6.8.0/amd64], JVM[Oracle Corporation/OpenJDK 64-Bit Server VM/22.0.1/22.0.1+8-16]`);
  await log(`publish_address {${ctx.pod.ip}:9200}, bound_addresses {0.0.0.0:9200}`);
  await log('started');
  return serve(ctx, [httpListener(ctx, 9200, {
    '/': json(() => ({ name: ctx.pod.hostname, cluster_name: 'docker-cluster', cluster_uuid: 'Y3Kx8bGzQq2Wj4cHc2F0Lg', version: { number: version, build_flavor: 'default', build_type: 'docker', lucene_version: '9.11.1', minimum_wire_compatibility_version: '7.17.0', minimum_index_compatibility_version: '7.0.0' }, tagline: 'You Know, for Search' })),
    '/_cluster/health': json(() => ({ cluster_name: 'docker-cluster', status: 'green', timed_out: false, number_of_nodes: 1, number_of_data_nodes: 1, active_primary_shards: 0, active_shards: 0 })),
  }), { port: 9300, tcp: async () => '' }]);
};

export const mysqld: Command = async (ctx) => {
  const t = () => isoTime(ctx.clock.now()).replace('Z', '000Z');
  if (!ctx.env.get('MYSQL_ROOT_PASSWORD') && !ctx.env.get('MYSQL_ALLOW_EMPTY_PASSWORD') && !ctx.env.get('MYSQL_RANDOM_ROOT_PASSWORD') && !ctx.fs.exists('/var/lib/mysql/mysql')) {
    await errLine(ctx, `${t()} 00:00:00+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server ${ctx.env.get('MYSQL_VERSION') ?? '8.4.3-1.el9'} started.`);
    await errLine(ctx, `${t()} 00:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified`);
    await errLine(ctx, '    You need to specify one of the following as an environment variable:');
    await errLine(ctx, '    - MYSQL_ROOT_PASSWORD');
    await errLine(ctx, '    - MYSQL_ALLOW_EMPTY_PASSWORD');
    await errLine(ctx, '    - MYSQL_RANDOM_ROOT_PASSWORD');
    return 1;
  }
  try {
    ctx.fs.mkdir('/var/lib/mysql/mysql', { recursive: true });
  } catch {
    // A read-only data dir: mysqld would fail later; the model keeps serving.
  }
  const version = (ctx.env.get('MYSQL_VERSION') ?? '8.4.3-1.el9').split('-')[0];
  await errLine(ctx, `${t()} 0 [System] [MY-015015] [Server] MySQL Server - start.`);
  await errLine(ctx, `${t()} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld ${version}) starting as process 1`);
  await errLine(ctx, `${t()} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`);
  return serve(ctx, [{ port: 3306, tcp: async () => `J\u0000\u0000\u0000\n${version}\u0000` }, { port: 33060, tcp: async () => '' }], {
    onStop: () => errLine(ctx, `${t()} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld ${version})  MySQL Community Server - GPL.`),
  });
};

export const mongod: Command = async (ctx) => {
  const log = (id: number, ctxName: string, msg: string, attr: unknown = {}) => line(ctx, JSON.stringify({ t: { $date: isoTime(ctx.clock.now()).replace('Z', '+00:00') }, s: 'I', c: ctxName === 'initandlisten' ? 'CONTROL' : 'NETWORK', id, ctx: ctxName, msg, attr }));
  await log(4615611, 'initandlisten', 'MongoDB starting', { pid: 1, port: 27017, dbPath: '/data/db', architecture: '64-bit', host: ctx.pod.hostname });
  await log(23015, 'listener', 'Listening on', { address: '0.0.0.0' });
  await log(23016, 'listener', 'Waiting for connections', { port: 27017, ssl: 'off' });
  return serve(ctx, [{ port: 27017, tcp: async () => '' }]);
};

export const rabbitmqServer: Command = async (ctx) => {
  const version = ctx.env.get('RABBITMQ_VERSION') ?? '3.13.7';
  const management = Boolean(ctx.env.get('RABBITMQ_MANAGEMENT'));
  const t = () => isoTime(ctx.clock.now()).replace('T', ' ').replace('Z', '+00:00');
  await line(ctx, `${t()} [info] <0.230.0> Starting RabbitMQ ${version} on Erlang 26.2.5.5 [jit]`);
  await line(ctx, `${t()} [info] <0.230.0>  node           : rabbit@${ctx.pod.hostname}`);
  if (management) await line(ctx, `${t()} [info] <0.735.0> Management plugin: HTTP (non-TLS) listener started on port 15672`);
  await line(ctx, `${t()} [info] <0.780.0> started TCP listener on [::]:5672`);
  await line(ctx, ` completed with ${management ? 5 : 3} plugins.`);
  await line(ctx, `${t()} [info] <0.9.0> Server startup complete; ${management ? 5 : 3} plugins started.`);
  const listeners: Listener[] = [{ port: 5672, tcp: async () => 'AMQP\u0000\u0000\u0009\u0001' }, { port: 25672, tcp: async () => '' }];
  if (management) listeners.push(httpListener(ctx, 15672, { '/': text('<!DOCTYPE html><title>RabbitMQ Management</title>\n', 'text/html'), '/api/overview': () => ({ status: 401, body: '{"error":"not_authorized","reason":"Not_Authorized"}' }) }));
  return serve(ctx, listeners);
};

/** The pause container: sleeps until stopped. */
export const pause: Command = async (ctx) => serve(ctx, []);
