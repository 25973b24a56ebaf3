/**
 * The images the sandbox can pull: repositories with the tags that exist upstream, their
 * compressed size (what the kubelet reports as "Image size"), and the image config (Docker's
 * Entrypoint/Cmd/Env/WorkingDir, the files the runtime lays into the rootfs, whether a shell
 * exists, and which modelled programs the image ships, by their names in imageCommands).
 * Behaviour as data: adding an image is adding an entry.
 */
import { NGINX_FILES } from './nginx-files';
import { alpine, BUSYBOX, DEBIAN_BOOKWORM, ubuntu } from './os-files';

export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  env: Record<string, string>;
  workingDir: string;
  /** Files in the image's rootfs (path → content). */
  files: Record<string, string>;
  /** /bin/sh exists (busybox, alpine and debian based images); distroless ones have none. */
  hasShell: boolean;
  /** The modelled programs the image ships (keys of imageCommands). */
  binaries: string[];
}

export interface CatalogEntry {
  /** registry/repository, e.g. docker.io/library/nginx. */
  name: string;
  tags: string[];
  sizeBytes: number;
  config(tag: string): ImageConfig;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const lib = (repo: string) => `docker.io/library/${repo}`;
const isAlpine = (tag: string) => tag.includes('alpine');

function image(partial: Partial<ImageConfig> & Pick<ImageConfig, 'cmd'>): ImageConfig {
  return { entrypoint: [], env: { PATH }, workingDir: '/', files: {}, hasShell: true, binaries: [], ...partial };
}

/** Versions behind floating tags, for what servers print at start. */
export const NGINX_VERSIONS: Record<string, string> = { '1.25': '1.25.5', '1.26': '1.26.2', '1.27': '1.27.3', stable: '1.26.2', mainline: '1.27.3', latest: '1.27.3', alpine: '1.27.3' };
export function nginxVersion(tag: string): string {
  const base = tag.replace(/-alpine.*$|^stable-alpine$|^mainline-alpine$/, '') || 'latest';
  if (/^\d+\.\d+\.\d+$/.test(base)) return base;
  return NGINX_VERSIONS[base] ?? NGINX_VERSIONS[tag.split('-')[0]] ?? '1.27.3';
}

const withAlpine = (tags: string[]) => tags.flatMap((t) => [t, t === 'latest' ? 'alpine' : `${t}-alpine`]);

export const CATALOG: CatalogEntry[] = [
  {
    name: lib('busybox'),
    tags: ['1.35', '1.35.0', '1.36', '1.36.0', '1.36.1', '1.37', '1.37.0', 'latest', 'stable', 'musl', 'glibc', 'uclibc', '1.36-musl', '1.36-glibc', '1.36.1-musl', '1.36.1-glibc'],
    sizeBytes: 2_155_000,
    config: () => image({ cmd: ['sh'], env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' }, files: BUSYBOX }),
  },
  {
    name: lib('alpine'),
    tags: ['3.18', '3.18.9', '3.19', '3.19.4', '3.20', '3.20.3', '3.21', '3.21.0', 'latest', 'edge'],
    sizeBytes: 3_625_000,
    config: (tag) => image({ cmd: ['/bin/sh'], files: alpine(/^\d/.test(tag) ? (tag.split('.').length === 2 ? `${tag}.0` : tag) : '3.21.0') }),
  },
  {
    name: lib('ubuntu'),
    tags: ['20.04', '22.04', '24.04', 'focal', 'jammy', 'noble', 'latest'],
    sizeBytes: 29_750_000,
    config: (tag) => image({ cmd: ['/bin/bash'], files: ubuntu(tag === '22.04' || tag === 'jammy' ? '22.04' : '24.04') }),
  },
  {
    name: lib('debian'),
    tags: ['11', '12', 'bullseye', 'bookworm', 'bookworm-slim', '12-slim', 'stable', 'stable-slim', 'latest'],
    sizeBytes: 49_560_000,
    config: () => image({ cmd: ['bash'], files: DEBIAN_BOOKWORM }),
  },
  {
    name: lib('nginx'),
    tags: [...withAlpine(['1.25', '1.26', '1.27', 'stable', 'mainline', 'latest']), '1.25.5', '1.26.2', '1.27.0', '1.27.1', '1.27.2', '1.27.3', 'stable-alpine', 'mainline-alpine', '1.27-alpine-slim', 'alpine-slim'],
    sizeBytes: 72_100_000,
    config: (tag) =>
      image({
        entrypoint: ['/docker-entrypoint.sh'],
        cmd: ['nginx', '-g', 'daemon off;'],
        env: { PATH, NGINX_VERSION: nginxVersion(tag), NJS_VERSION: '0.8.7', NJS_RELEASE: '1~bookworm', PKG_RELEASE: '1~bookworm', DYNPKG_RELEASE: '1~bookworm' },
        files: { ...(isAlpine(tag) ? alpine('3.20.3') : DEBIAN_BOOKWORM), ...NGINX_FILES },
        binaries: ['/docker-entrypoint.sh', 'nginx'],
      }),
  },
  {
    name: lib('httpd'),
    tags: withAlpine(['2.4', '2.4.62', 'latest']),
    sizeBytes: 58_200_000,
    config: (tag) =>
      image({
        cmd: ['httpd-foreground'],
        env: { PATH: `/usr/local/apache2/bin:${PATH}`, HTTPD_PREFIX: '/usr/local/apache2', HTTPD_VERSION: '2.4.62' },
        workingDir: '/usr/local/apache2',
        files: { ...(isAlpine(tag) ? alpine('3.20.3') : DEBIAN_BOOKWORM), '/usr/local/apache2/htdocs/index.html': '<html><body><h1>It works!</h1></body></html>\n', '/usr/local/apache2/conf/httpd.conf': 'Listen 80\nDocumentRoot "/usr/local/apache2/htdocs"\n' },
        binaries: ['httpd-foreground', 'httpd'],
      }),
  },
  {
    name: lib('redis'),
    tags: withAlpine(['6', '6.2', '7', '7.0', '7.2', '7.2.5', '7.4', '7.4.1', 'latest']),
    sizeBytes: 45_300_000,
    config: (tag) =>
      image({
        entrypoint: ['docker-entrypoint.sh'],
        cmd: ['redis-server'],
        env: { PATH, REDIS_VERSION: redisVersion(tag) },
        workingDir: '/data',
        files: { ...(isAlpine(tag) ? alpine('3.20.3') : DEBIAN_BOOKWORM), '/data/.keep': '' },
        binaries: ['docker-entrypoint.sh', 'redis-server', 'redis-cli'],
      }),
  },
  {
    name: lib('postgres'),
    tags: withAlpine(['14', '15', '16', '17', '15.8', '16.4', '16.6', 'latest']),
    sizeBytes: 158_400_000,
    config: (tag) =>
      image({
        entrypoint: ['docker-entrypoint.sh'],
        cmd: ['postgres'],
        env: { PATH: `${PATH}:/usr/lib/postgresql/${pgMajor(tag)}/bin`, PG_MAJOR: pgMajor(tag), PG_VERSION: pgVersion(tag), PGDATA: '/var/lib/postgresql/data', LANG: 'en_US.utf8' },
        files: { ...(isAlpine(tag) ? alpine('3.20.3') : DEBIAN_BOOKWORM), '/var/lib/postgresql/.keep': '' },
        binaries: ['docker-entrypoint.sh', 'postgres'],
      }),
  },
  {
    name: lib('mysql'),
    tags: ['8', '8.0', '8.0.40', '8.4', '8.4.3', 'lts', 'latest'],
    sizeBytes: 170_500_000,
    config: (tag) =>
      image({
        entrypoint: ['docker-entrypoint.sh'],
        cmd: ['mysqld'],
        env: { PATH, MYSQL_MAJOR: tag.startsWith('8.0') ? '8.0' : '8.4', MYSQL_VERSION: tag.startsWith('8.0') ? '8.0.40-1.el9' : '8.4.3-1.el9' },
        files: { '/etc/os-release': 'NAME="Oracle Linux Server"\nVERSION="9.5"\nID="ol"\nVERSION_ID="9.5"\nPRETTY_NAME="Oracle Linux Server 9.5"\n' },
        binaries: ['docker-entrypoint.sh', 'mysqld'],
      }),
  },
  {
    name: lib('mongo'),
    tags: ['6', '6.0', '7', '7.0', '8', '8.0', 'latest'],
    sizeBytes: 250_800_000,
    config: () => image({ entrypoint: ['docker-entrypoint.sh'], cmd: ['mongod'], files: ubuntu('22.04'), binaries: ['docker-entrypoint.sh', 'mongod'] }),
  },
  {
    name: lib('rabbitmq'),
    tags: ['3.12', '3.13', '3.12-management', '3.13-management', '3', '3-management', '4.0', '4.0-management', 'management', 'latest'],
    sizeBytes: 100_200_000,
    config: (tag) =>
      image({
        entrypoint: ['docker-entrypoint.sh'],
        cmd: ['rabbitmq-server'],
        env: { PATH, RABBITMQ_VERSION: tag.startsWith('3.12') ? '3.12.14' : tag.startsWith('4') ? '4.0.4' : '3.13.7', RABBITMQ_MANAGEMENT: tag.includes('management') ? '1' : '' },
        files: ubuntu('24.04'),
        binaries: ['docker-entrypoint.sh', 'rabbitmq-server'],
      }),
  },
  {
    name: 'docker.elastic.co/elasticsearch/elasticsearch',
    tags: ['8.10.4', '8.11.0', '8.11.1', '8.12.0', '8.13.0', '8.14.0', '8.15.0', '8.15.3', '8.16.1'],
    sizeBytes: 650_000_000,
    config: (tag) =>
      image({
        entrypoint: ['/bin/tini', '--', '/usr/local/bin/docker-entrypoint.sh'],
        cmd: ['eswrapper'],
        env: { PATH: `/usr/share/elasticsearch/bin:${PATH}`, ELASTIC_CONTAINER: 'true', ES_VERSION: tag },
        workingDir: '/usr/share/elasticsearch',
        files: { ...ubuntu('22.04'), '/usr/share/elasticsearch/config/elasticsearch.yml': 'cluster.name: "docker-cluster"\nnetwork.host: 0.0.0.0\n' },
        binaries: ['/bin/tini', 'eswrapper'],
      }),
  },
  {
    name: lib('haproxy'),
    tags: withAlpine(['2.8', '2.9', '3.0', 'lts', 'latest']),
    sizeBytes: 40_100_000,
    config: (tag) =>
      image({
        entrypoint: ['docker-entrypoint.sh'],
        cmd: ['haproxy', '-f', '/usr/local/etc/haproxy/haproxy.cfg'],
        env: { PATH, HAPROXY_VERSION: tag.startsWith('2.8') ? '2.8.13' : tag.startsWith('2.9') ? '2.9.12' : '3.0.6' },
        workingDir: '/var/lib/haproxy',
        files: { ...(isAlpine(tag) ? alpine('3.20.3') : DEBIAN_BOOKWORM), '/var/lib/haproxy/.keep': '' },
        binaries: ['docker-entrypoint.sh', 'haproxy'],
      }),
  },
  {
    name: lib('fluentd'),
    tags: ['v1.14-1', 'v1.15-1', 'v1.16-1', 'v1.16-debian-1', 'v1.17-1', 'latest'],
    sizeBytes: 60_300_000,
    config: () =>
      image({
        entrypoint: ['tini', '--', '/bin/entrypoint.sh'],
        cmd: ['fluentd'],
        env: { PATH, FLUENTD_CONF: 'fluent.conf' },
        workingDir: '/home/fluent',
        files: { ...alpine('3.20.3'), '/fluentd/etc/fluent.conf': '<source>\n  @type forward\n  @id input1\n  @label @mainstream\n  port 24224\n</source>\n\n<filter **>\n  @type stdout\n</filter>\n\n<label @mainstream>\n  <match docker.**>\n    @type file\n    @id output_docker1\n    path /fluentd/log/docker.*.log\n  </match>\n  <match **>\n    @type file\n    @id output1\n    path /fluentd/log/data.*.log\n  </match>\n</label>\n' },
        binaries: ['tini', 'fluentd'],
      }),
  },
  {
    name: 'docker.io/fluent/fluent-bit',
    tags: ['2.1', '2.2', '2.2.2', '3.0', '3.0.7', '3.1', '3.1.9', '3.2', 'latest', '3.0-debug', '2.2-debug'],
    sizeBytes: 31_900_000,
    config: (tag) =>
      image({
        entrypoint: ['/fluent-bit/bin/fluent-bit'],
        cmd: ['-c', '/fluent-bit/etc/fluent-bit.conf'],
        // The release images are distroless: no shell. The -debug tags add busybox.
        hasShell: tag.endsWith('-debug'),
        files: { '/fluent-bit/etc/fluent-bit.conf': '[SERVICE]\n    Flush        1\n    Log_Level    info\n\n[INPUT]\n    Name         cpu\n    Tag          cpu.local\n    Interval_Sec 1\n\n[OUTPUT]\n    Name  stdout\n    Match *\n' },
        binaries: ['/fluent-bit/bin/fluent-bit'],
      }),
  },
  {
    name: 'docker.io/prom/prometheus',
    tags: ['v2.45.0', 'v2.48.1', 'v2.50.1', 'v2.51.2', 'v2.52.0', 'v2.53.0', 'v2.53.1', 'v2.54.1', 'v2.55.1', 'latest'],
    sizeBytes: 105_600_000,
    config: () =>
      image({
        entrypoint: ['/bin/prometheus'],
        cmd: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'],
        workingDir: '/prometheus',
        files: { ...BUSYBOX, '/etc/prometheus/prometheus.yml': "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n\nscrape_configs:\n  - job_name: \"prometheus\"\n    static_configs:\n      - targets: [\"localhost:9090\"]\n", '/prometheus/.keep': '' },
        binaries: ['/bin/prometheus'],
      }),
  },
  {
    name: 'docker.io/prom/node-exporter',
    tags: ['v1.6.1', 'v1.7.0', 'v1.8.0', 'v1.8.1', 'v1.8.2', 'latest'],
    sizeBytes: 11_700_000,
    config: () => image({ entrypoint: ['/bin/node_exporter'], cmd: [], files: BUSYBOX, binaries: ['/bin/node_exporter'] }),
  },
  {
    name: 'docker.io/prom/alertmanager',
    tags: ['v0.26.0', 'v0.27.0', 'latest'],
    sizeBytes: 30_800_000,
    config: () =>
      image({
        entrypoint: ['/bin/alertmanager'],
        cmd: ['--config.file=/etc/alertmanager/alertmanager.yml', '--storage.path=/alertmanager'],
        workingDir: '/alertmanager',
        files: { ...BUSYBOX, '/etc/alertmanager/alertmanager.yml': "route:\n  group_by: ['alertname']\n  receiver: 'web.hook'\nreceivers:\n  - name: 'web.hook'\n    webhook_configs:\n      - url: 'http://127.0.0.1:5001/'\n" },
        binaries: ['/bin/alertmanager'],
      }),
  },
  {
    name: 'docker.io/grafana/grafana',
    tags: ['10.0.0', '10.2.3', '10.4.0', '10.4.2', '11.0.0', '11.1.0', '11.2.0', '11.3.0', 'latest'],
    sizeBytes: 130_900_000,
    config: (tag) =>
      image({
        entrypoint: ['/run.sh'],
        cmd: [],
        env: { PATH: `/usr/share/grafana/bin:${PATH}`, GF_PATHS_DATA: '/var/lib/grafana', GF_PATHS_HOME: '/usr/share/grafana', GF_PATHS_PROVISIONING: '/etc/grafana/provisioning', GRAFANA_VERSION: tag === 'latest' ? '11.3.0' : tag },
        workingDir: '/usr/share/grafana',
        files: { ...alpine('3.20.3'), '/etc/grafana/grafana.ini': '[server]\nhttp_port = 3000\n' },
        binaries: ['/run.sh'],
      }),
  },
  {
    name: 'registry.k8s.io/pause',
    tags: ['3.9', '3.10'],
    sizeBytes: 320_000,
    config: () => image({ entrypoint: ['/pause'], cmd: [], hasShell: false, binaries: ['/pause'] }),
  },
];

function redisVersion(tag: string): string {
  const t = tag.replace(/-alpine$/, '').replace(/^alpine$/, 'latest');
  return ({ '6': '6.2.16', '6.2': '6.2.16', '7': '7.4.1', '7.0': '7.0.15', '7.2': '7.2.6', '7.4': '7.4.1', latest: '7.4.1' } as Record<string, string>)[t] ?? t;
}

function pgMajor(tag: string): string {
  const m = /^(\d+)/.exec(tag);
  return m ? m[1] : '17';
}

function pgVersion(tag: string): string {
  const major = pgMajor(tag);
  const minor: Record<string, string> = { '14': '14.15', '15': '15.10', '16': '16.6', '17': '17.2' };
  return /^\d+\.\d+/.test(tag) ? tag.replace(/-alpine$/, '') : minor[major];
}

const byName = new Map(CATALOG.map((e) => [e.name, e]));

export function catalogEntry(name: string): CatalogEntry | undefined {
  return byName.get(name);
}
