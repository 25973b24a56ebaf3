/**
 * Semantic rules a schema cannot express, checked on every manifest of the resource library:
 * the mistakes that make the API server reject a document, or make it do nothing useful.
 */
import { renderPath } from './validate';

export interface RuleProblem {
  path: (string | number)[];
  field: string;
  message: string;
}

type Obj = Record<string, unknown>;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ALLOWED_IMAGES = ['busybox', 'alpine', 'nginx', 'httpd', 'redis', 'postgres', 'mysql', 'mongo', 'rabbitmq', 'haproxy', 'fluentd', 'fluent/fluent-bit', 'prom/prometheus', 'prom/node-exporter', 'prom/alertmanager', 'grafana/grafana'];
const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function get(o: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Obj)[k as string] : undefined), o);
}

/** Where the pod template sits in each workload kind. */
function podTemplatePath(kind: string): (string | number)[] | undefined {
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'].includes(kind)) return ['spec', 'template'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template'];
  return undefined;
}

export function checkManifest(doc: Obj): RuleProblem[] {
  const out: RuleProblem[] = [];
  const add = (path: (string | number)[], message: string) => out.push({ path, field: renderPath(path), message });
  const kind = String(doc.kind);
  const name = get(doc, ['metadata', 'name']);
  if (typeof name !== 'string' || !DNS1123_SUBDOMAIN.test(name) || name.length > 253) add(['metadata', 'name'], `Invalid value: ${JSON.stringify(name)}: must be a lowercase RFC 1123 subdomain`);
  if (kind === 'CronJob' && typeof name === 'string' && name.length > 52) add(['metadata', 'name'], 'must be no more than 52 characters');

  const tpl = podTemplatePath(kind);
  const podSpecPath = tpl ? [...tpl, 'spec'] : kind === 'Pod' ? ['spec'] : undefined;
  if (podSpecPath) {
    const podSpec = get(doc, podSpecPath) as Obj | undefined;
    const restart = podSpec?.restartPolicy as string | undefined;
    if ((kind === 'Job' || kind === 'CronJob') && restart !== 'Never' && restart !== 'OnFailure') {
      add([...podSpecPath, 'restartPolicy'], `Unsupported value: ${JSON.stringify(restart ?? 'Always')}: supported values: "OnFailure", "Never"`);
    }
    if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(kind) && restart !== undefined && restart !== 'Always') {
      add([...podSpecPath, 'restartPolicy'], `Unsupported value: ${JSON.stringify(restart)}: supported values: "Always"`);
    }
    for (const list of ['initContainers', 'containers'] as const) {
      const containers = (podSpec?.[list] as Obj[] | undefined) ?? [];
      containers.forEach((c, i) => {
        if (typeof c.name !== 'string' || !DNS1123_LABEL.test(c.name) || c.name.length > 63) {
          add([...podSpecPath, list, i, 'name'], `Invalid value: ${JSON.stringify(c.name)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'`);
        }
        const image = c.image;
        if (typeof image !== 'string' || !image) {
          add([...podSpecPath, list, i, 'image'], 'Required value');
          return;
        }
        const [repo, tag] = image.split(':');
        if (!tag || tag === 'latest') add([...podSpecPath, list, i, 'image'], `image ${JSON.stringify(image)} must be pinned to a tag other than latest`);
        if (!ALLOWED_IMAGES.includes(repo)) add([...podSpecPath, list, i, 'image'], `image ${JSON.stringify(repo)} is not one the portal's images list knows (${ALLOWED_IMAGES.join(', ')})`);
      });
    }
  }

  if (tpl && (kind !== 'Job' || get(doc, ['spec', 'manualSelector']) === true)) {
    const match = (get(doc, ['spec', 'selector', 'matchLabels']) as Record<string, string> | undefined) ?? {};
    const labels = (get(doc, [...tpl, 'metadata', 'labels']) as Record<string, string> | undefined) ?? {};
    const missing = Object.entries(match).filter(([k, v]) => labels[k] !== v);
    if (kind !== 'CronJob' && (missing.length || !Object.keys(match).length)) add([...tpl, 'metadata', 'labels'], `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``);
  }
  if (kind === 'StatefulSet' && !get(doc, ['spec', 'serviceName'])) add(['spec', 'serviceName'], 'Required value: a StatefulSet needs a (headless) Service name for its pods\u2019 DNS');
  if (kind === 'CronJob') {
    const schedule = String(get(doc, ['spec', 'schedule']) ?? '');
    if (!CRON_MACROS.has(schedule) && schedule.trim().split(/\s+/).length !== 5) add(['spec', 'schedule'], `Invalid value: ${JSON.stringify(schedule)}: needs five fields or a macro`);
    if (/TZ=/.test(schedule)) add(['spec', 'schedule'], 'Invalid value: TZ= is not supported in the schedule; use spec.timeZone');
  }
  return out;
}
