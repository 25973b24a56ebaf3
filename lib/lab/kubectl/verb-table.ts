/**
 * THE table of what the lab terminal runs: the kubectl commands a learner of the module needs,
 * and per command the flags it allows with kubectl 1.32's arity (checked against the real
 * `kubectl <verb> --help` by verb-table.test.ts). Anything not listed here is refused: this is an
 * allowlist. Flags kubectl has that name a local path, URL, server, credential, identity, profile,
 * log file or cache directory are listed as refused with the reason and what to use instead, so
 * the learner learns why rather than meeting "unknown flag".
 */
import { bool, oneOf, optional, refusedFlag, value, parseBool, type FlagTable, type ValueCheck, type VerbSpec } from './flag-spec';

const USE_OWN_KUBECTL = 'download the kubeconfig (Download kubeconfig link) and use your own kubectl for that';

// ---------------------------------------------------------------------------------------------
// Refusals shared by many commands.
// ---------------------------------------------------------------------------------------------

const CLUSTER_IS_FIXED = 'the terminal always talks to your own cluster as you; drop the flag';
const SERVER_FILES = 'it reads or writes files on the portal server';

/** kubectl's global flags (`kubectl options`), plus klog's file flags older clients still have. */
export const GLOBAL_FLAGS: FlagTable = {
  namespace: value(undefined, 'n'),
  'request-timeout': value((v) => (/^\d+(\.\d+)?(ms|s|m|h)?$/.test(v) ? undefined : 'must be a duration such as 10s or 1m')),
  v: value((v) => (/^\d$/.test(v) ? undefined : 'must be a number from 0 to 9'), 'v'),
  'warnings-as-errors': bool(),
  'match-server-version': bool(),
  help: bool('h'),

  kubeconfig: refusedFlag('value', `${CLUSTER_IS_FIXED} (the terminal's kubeconfig is made for each run)`),
  server: refusedFlag('value', `${CLUSTER_IS_FIXED}; to reach another server, ${USE_OWN_KUBECTL}`, 's'),
  token: refusedFlag('value', CLUSTER_IS_FIXED),
  as: refusedFlag('value', `impersonation is not available here; ${CLUSTER_IS_FIXED}`),
  'as-group': refusedFlag('value', `impersonation is not available here; ${CLUSTER_IS_FIXED}`),
  'as-uid': refusedFlag('value', `impersonation is not available here; ${CLUSTER_IS_FIXED}`),
  user: refusedFlag('value', CLUSTER_IS_FIXED),
  cluster: refusedFlag('value', CLUSTER_IS_FIXED),
  context: refusedFlag('value', CLUSTER_IS_FIXED),
  username: refusedFlag('value', CLUSTER_IS_FIXED),
  password: refusedFlag('value', CLUSTER_IS_FIXED),
  'certificate-authority': refusedFlag('value', `${CLUSTER_IS_FIXED}; it also reads a file on the portal server`),
  'client-certificate': refusedFlag('value', `${CLUSTER_IS_FIXED}; it also reads a file on the portal server`),
  'client-key': refusedFlag('value', `${CLUSTER_IS_FIXED}; it also reads a file on the portal server`),
  'insecure-skip-tls-verify': refusedFlag('bool', CLUSTER_IS_FIXED),
  'tls-server-name': refusedFlag('value', CLUSTER_IS_FIXED),
  'disable-compression': refusedFlag('bool', 'the terminal chooses how kubectl talks to your cluster; drop the flag'),
  'cache-dir': refusedFlag('value', `${SERVER_FILES}; the terminal keeps kubectl's cache for one run only`),
  kuberc: refusedFlag('value', `${SERVER_FILES}; drop the flag`),
  profile: refusedFlag('value', `profiling writes a file on the portal server; to profile kubectl, ${USE_OWN_KUBECTL}`),
  'profile-output': refusedFlag('value', `profiling writes a file on the portal server; to profile kubectl, ${USE_OWN_KUBECTL}`),
  'log-file': refusedFlag('value', `${SERVER_FILES}; kubectl's messages already appear in the terminal (more with -v=6)`),
  'log-dir': refusedFlag('value', `${SERVER_FILES}; kubectl's messages already appear in the terminal (more with -v=6)`),
  'log-file-max-size': refusedFlag('value', `${SERVER_FILES}; drop the flag`),
  logtostderr: refusedFlag('bool', 'logging is already shown in the terminal; use -v=6 for more'),
  alsologtostderr: refusedFlag('bool', 'logging is already shown in the terminal; use -v=6 for more'),
  'one-output': refusedFlag('bool', 'logging is already shown in the terminal; use -v=6 for more'),
  'skip-headers': refusedFlag('bool', 'logging is already shown in the terminal; use -v=6 for more'),
  'skip-log-headers': refusedFlag('bool', 'logging is already shown in the terminal; use -v=6 for more'),
  'add-dir-header': refusedFlag('bool', 'logging is already shown in the terminal; use -v=6 for more'),
  stderrthreshold: refusedFlag('value', 'logging is already shown in the terminal; use -v=6 for more'),
  vmodule: refusedFlag('value', 'per-file logging is not available; use -v=6 for more'),
  'log-flush-frequency': refusedFlag('value', 'logging is already shown in the terminal; drop the flag'),
};

/**
 * -o values: the formats that print what the server sent. The `*-file` and `templatefile`
 * formats read a template from a file on the server, so they are refused.
 */
const OUTPUT_FORMATS = new Set(['json', 'yaml', 'wide', 'name', 'jsonpath', 'jsonpath-as-json', 'go-template', 'template', 'custom-columns', 'plaintext', 'plaintext-openapiv2']);
export const checkOutput: ValueCheck = (v) => {
  const format = v.split('=')[0];
  if (/-file$|^templatefile$/.test(format)) return `-o ${format} reads a template from a file on the portal server; put the template in the command instead: -o jsonpath='{.items[*].metadata.name}', -o go-template='{{.metadata.name}}' or -o custom-columns=NAME:.metadata.name`;
  if (!OUTPUT_FORMATS.has(format)) return `unknown output format "${format}"; use one of json, yaml, wide, name, jsonpath=..., go-template=..., custom-columns=...`;
  return undefined;
};

const DRY_RUN = optional('unchanged', oneOf('none', 'client', 'server', 'unchanged'));
const VALIDATE = optional('strict', oneOf('strict', 'warn', 'ignore', 'true', 'false'));
const CASCADE = optional('background', oneOf('background', 'foreground', 'orphan', 'true', 'false'));

const OUTPUT: FlagTable = {
  output: value(checkOutput, 'o'),
  template: value(),
  'allow-missing-template-keys': bool(),
  'show-managed-fields': bool(),
};
/** `-f` is rewritten by the allowlist: `editor` or a resource-library file, sent on stdin. */
const FILENAME: FlagTable = {
  filename: value(undefined, 'f'),
  recursive: bool('R'),
  kustomize: refusedFlag('value', `kustomize reads directories on the portal server; apply one manifest at a time with -f editor, or ${USE_OWN_KUBECTL}`, 'k'),
};
const SELECTOR: FlagTable = { selector: value(undefined, 'l') };
const FIELD_SELECTOR: FlagTable = { 'field-selector': value() };
const ALL_NAMESPACES: FlagTable = { 'all-namespaces': bool('A') };
const MUTATION: FlagTable = { 'dry-run': DRY_RUN, 'field-manager': value() };
const RAW = refusedFlag('value', 'a raw URL path leaves your cluster\'s API; name the resource instead, e.g. kubectl get pods');
const FROM_FILE = refusedFlag('value', `${SERVER_FILES}; give the data as --from-literal=key=value, or write the manifest in the editor and apply it with -f editor`);
const INTERACTIVE = 'interactive sessions (-i/-t) are not available in the lab terminal; run one command at a time: kubectl exec POD -- ls /data';

const create = (flags: FlagTable, aliases?: string[]): VerbSpec => ({ flags: { ...OUTPUT, ...MUTATION, validate: VALIDATE, 'save-config': bool(), ...flags }, aliases });
const LITERAL_DATA: FlagTable = { 'from-literal': value(), 'append-hash': bool(), 'from-file': FROM_FILE, 'from-env-file': FROM_FILE };

const watching = (flags: ReadonlyMap<string, string>) => ['watch', 'watch-only'].some((f) => flags.has(f) && parseBool(flags.get(f)!) === true);
const rolloutFlags = (extra: FlagTable): FlagTable => ({ ...FILENAME, ...SELECTOR, ...extra });

export const VERBS: Record<string, VerbSpec> = {
  get: {
    flags: {
      ...OUTPUT, ...FILENAME, ...SELECTOR, ...FIELD_SELECTOR, ...ALL_NAMESPACES,
      'chunk-size': value(), 'ignore-not-found': bool(), 'label-columns': value(undefined, 'L'), 'no-headers': bool(),
      'output-watch-events': bool(), 'server-print': bool(), 'show-kind': bool(), 'show-labels': bool(), 'sort-by': value(),
      subresource: value(), watch: bool('w'), 'watch-only': bool(), raw: RAW,
    },
    follows: watching,
  },
  describe: { flags: { ...FILENAME, ...SELECTOR, ...ALL_NAMESPACES, 'chunk-size': value(), 'show-events': bool() } },
  logs: {
    flags: {
      ...SELECTOR, 'all-containers': bool(), 'all-pods': bool(), container: value(undefined, 'c'), follow: bool('f'), 'ignore-errors': bool(),
      'limit-bytes': value(), 'max-log-requests': value(), 'pod-running-timeout': value(), prefix: bool(), previous: bool('p'),
      since: value(), 'since-time': value(), tail: value(), timestamps: bool(),
      'insecure-skip-tls-verify-backend': refusedFlag('bool', 'the terminal does not change how your cluster\'s nodes are trusted; drop the flag'),
    },
    follows: (f) => f.has('follow') && parseBool(f.get('follow')!) === true,
  },
  apply: {
    flags: {
      ...OUTPUT, ...FILENAME, ...SELECTOR, ...MUTATION, validate: VALIDATE, cascade: CASCADE, all: bool(), force: bool(), 'force-conflicts': bool(),
      'grace-period': value(), 'openapi-patch': bool(), overwrite: bool(), prune: bool(), 'prune-allowlist': value(), 'server-side': bool(),
      subresource: value(), timeout: value(), wait: bool(),
    },
    subcommands: {
      'edit-last-applied': { flags: {}, refused: 'it opens an editor on the portal server; change the YAML in the editor and Apply' },
      'set-last-applied': { flags: {}, refused: 'it is not needed in this module; use kubectl apply -f editor' },
      'view-last-applied': { flags: { ...FILENAME, ...SELECTOR, all: bool(), output: value(checkOutput, 'o') } },
    },
  },
  create: {
    flags: { ...OUTPUT, ...FILENAME, ...SELECTOR, ...MUTATION, validate: VALIDATE, 'save-config': bool(), raw: RAW, edit: refusedFlag('bool', 'it opens an editor on the portal server; write the manifest in the editor and use kubectl create -f editor'), 'windows-line-endings': bool() },
    subcommands: {
      job: create({ from: value(), image: value() }),
      cronjob: create({ image: value(), restart: value(), schedule: value() }, ['cj']),
      deployment: create({ image: value(), port: value(), replicas: value(undefined, 'r') }, ['deploy']),
      configmap: create(LITERAL_DATA, ['cm']),
      namespace: create({}, ['ns']),
      serviceaccount: create({}, ['sa']),
      priorityclass: create({ description: value(), 'global-default': bool(), 'preemption-policy': value(), value: value() }, ['pc']),
      poddisruptionbudget: create({ 'max-unavailable': value(), 'min-available': value(), selector: value() }, ['pdb']),
      secret: {
        flags: {},
        needsSubcommand: true,
        subcommands: {
          generic: create({ ...LITERAL_DATA, type: value() }),
          tls: { flags: {}, refused: `--cert and --key read files on the portal server; write the Secret in the editor and apply it with -f editor` },
          'docker-registry': { flags: {}, refused: `registry credentials are not part of this module, and its --from-file ${SERVER_FILES.replace(/^it /, '')}; write the Secret in the editor and apply it with -f editor` },
        },
      },
      service: {
        flags: {},
        aliases: ['svc'],
        needsSubcommand: true,
        subcommands: {
          clusterip: create({ clusterip: value(), tcp: value() }),
          nodeport: create({ 'node-port': value(), tcp: value() }),
        },
      },
      token: { flags: {}, refused: 'tokens for service accounts are not part of this module' },
    },
  },
  delete: {
    flags: {
      ...FILENAME, ...SELECTOR, ...FIELD_SELECTOR, ...ALL_NAMESPACES, output: value(checkOutput, 'o'), 'dry-run': DRY_RUN, cascade: CASCADE, all: bool(), force: bool(),
      'grace-period': value(), 'ignore-not-found': bool(), now: bool(), timeout: value(), wait: bool(),
      interactive: refusedFlag('bool', 'the terminal cannot answer a confirmation prompt; list what would go with --dry-run=client first', 'i'),
      raw: RAW,
    },
  },
  scale: { flags: { ...OUTPUT, ...FILENAME, ...SELECTOR, 'dry-run': DRY_RUN, all: bool(), 'current-replicas': value(), replicas: value(), 'resource-version': value(), timeout: value() } },
  patch: {
    flags: {
      ...OUTPUT, ...FILENAME, ...MUTATION, local: bool(), patch: value(undefined, 'p'), subresource: value(), type: value(oneOf('json', 'merge', 'strategic')),
      'patch-file': refusedFlag('value', `${SERVER_FILES}; give the patch inline: kubectl patch cronjob hello -p '{"spec":{"suspend":true}}'`),
    },
  },
  label: { flags: { ...OUTPUT, ...FILENAME, ...SELECTOR, ...FIELD_SELECTOR, ...ALL_NAMESPACES, ...MUTATION, all: bool(), list: bool(), local: bool(), overwrite: bool(), 'resource-version': value() } },
  annotate: { flags: { ...OUTPUT, ...FILENAME, ...SELECTOR, ...FIELD_SELECTOR, ...ALL_NAMESPACES, ...MUTATION, all: bool(), list: bool(), local: bool(), overwrite: bool(), 'resource-version': value() } },
  set: {
    flags: {},
    needsSubcommand: true,
    subcommands: {
      image: { flags: { ...OUTPUT, ...FILENAME, ...SELECTOR, ...MUTATION, all: bool(), local: bool() } },
      env: { flags: { ...OUTPUT, ...FILENAME, ...SELECTOR, ...MUTATION, all: bool(), containers: value(undefined, 'c'), env: value(undefined, 'e'), from: value(), keys: value(), list: bool(), local: bool(), overwrite: bool(), prefix: value(), resolve: bool() } },
      resources: { flags: { ...OUTPUT, ...FILENAME, ...SELECTOR, ...MUTATION, all: bool(), containers: value(undefined, 'c'), limits: value(), local: bool(), requests: value() } },
    },
  },
  rollout: {
    flags: {},
    needsSubcommand: true,
    subcommands: {
      status: { flags: rolloutFlags({ revision: value(), timeout: value(), watch: bool('w') }), follows: (f) => !f.has('watch') || parseBool(f.get('watch')!) !== false },
      history: { flags: rolloutFlags({ ...OUTPUT, revision: value() }) },
      undo: { flags: rolloutFlags({ ...OUTPUT, 'dry-run': DRY_RUN, 'to-revision': value() }) },
      restart: { flags: rolloutFlags({ ...OUTPUT, 'field-manager': value() }) },
      pause: { flags: rolloutFlags({ ...OUTPUT, 'field-manager': value() }) },
      resume: { flags: rolloutFlags({ ...OUTPUT, 'field-manager': value() }) },
    },
  },
  // kubectl wait ends at its own --timeout (30 s unless given), so it gets the long limit.
  wait: { flags: { ...OUTPUT, filename: FILENAME.filename, recursive: FILENAME.recursive, ...SELECTOR, ...FIELD_SELECTOR, ...ALL_NAMESPACES, all: bool(), for: value(), local: bool(), timeout: value() }, follows: () => true },
  explain: { flags: { 'api-version': value(), output: value(checkOutput, 'o'), recursive: bool() } },
  'api-resources': { flags: { 'api-group': value(), cached: bool(), categories: value(), namespaced: bool(), 'no-headers': bool(), output: value(checkOutput, 'o'), 'sort-by': value(), verbs: value() } },
  'api-versions': { flags: {} },
  cordon: { flags: { ...SELECTOR, 'dry-run': DRY_RUN } },
  uncordon: { flags: { ...SELECTOR, 'dry-run': DRY_RUN } },
  drain: {
    flags: {
      ...SELECTOR, 'dry-run': DRY_RUN, 'chunk-size': value(), 'delete-emptydir-data': bool(), 'disable-eviction': bool(), force: bool(), 'grace-period': value(),
      'ignore-daemonsets': bool(), 'pod-selector': value(), 'skip-wait-for-delete-timeout': value(), timeout: value(),
    },
  },
  taint: { flags: { ...OUTPUT, ...SELECTOR, ...MUTATION, validate: VALIDATE, all: bool(), overwrite: bool() } },
  exec: {
    flags: {
      container: value(undefined, 'c'), 'pod-running-timeout': value(), quiet: bool('q'),
      stdin: refusedFlag('bool', INTERACTIVE, 'i'), tty: refusedFlag('bool', INTERACTIVE, 't'),
      filename: refusedFlag('value', 'name the pod instead: kubectl exec POD -- ls', 'f'),
    },
    takesCommand: true,
  },
  run: {
    flags: {
      ...OUTPUT, ...MUTATION, annotations: value(), cascade: CASCADE, command: bool(), env: value(), expose: bool(), force: bool(), 'grace-period': value(),
      image: value(), 'image-pull-policy': value(), labels: value(undefined, 'l'), 'override-type': value(), overrides: value(), 'pod-running-timeout': value(),
      port: value(), privileged: bool(), quiet: bool('q'), restart: value(), 'save-config': bool(), timeout: value(), wait: bool(),
      stdin: refusedFlag('bool', INTERACTIVE, 'i'), tty: refusedFlag('bool', INTERACTIVE, 't'), attach: refusedFlag('bool', INTERACTIVE), rm: refusedFlag('bool', `${INTERACTIVE}; delete the pod afterwards with kubectl delete pod NAME`),
      'leave-stdin-open': refusedFlag('bool', INTERACTIVE),
      filename: refusedFlag('value', 'kubectl run takes --image; to create from a manifest use kubectl apply -f editor', 'f'),
      kustomize: FILENAME.kustomize,
      recursive: bool('R'),
    },
    takesCommand: true,
  },
  expose: {
    flags: {
      ...OUTPUT, ...FILENAME, ...MUTATION, 'cluster-ip': value(), 'external-ip': value(), labels: value(undefined, 'l'), 'load-balancer-ip': value(), name: value(),
      'override-type': value(), overrides: value(), port: value(), protocol: value(), 'save-config': bool(), selector: value(), 'session-affinity': value(), 'target-port': value(), type: value(),
    },
  },
  version: { flags: { client: bool(), output: value(oneOf('json', 'yaml'), 'o') } },
  options: { flags: {} },
  'cluster-info': {
    flags: {},
    subcommands: { dump: { flags: {}, refused: `cluster-info dump writes files on the portal server; look around with kubectl get all -A and kubectl describe` } },
  },
  events: { flags: { ...OUTPUT, ...ALL_NAMESPACES, 'chunk-size': value(), for: value(), 'no-headers': bool(), types: value(), watch: bool('w') }, follows: watching },
  replace: { flags: { ...OUTPUT, ...FILENAME, ...MUTATION, validate: VALIDATE, cascade: CASCADE, force: bool(), 'grace-period': value(), 'save-config': bool(), subresource: value(), timeout: value(), wait: bool(), raw: RAW } },
  autoscale: { flags: { ...OUTPUT, ...FILENAME, ...MUTATION, 'cpu-percent': value(), max: value(), min: value(), name: value(), 'save-config': bool() } },
  diff: { flags: { ...FILENAME, ...SELECTOR, concurrency: value(), 'field-manager': value(), 'force-conflicts': bool(), prune: bool(), 'prune-allowlist': value(), 'server-side': bool(), 'show-managed-fields': bool() } },
  top: {
    flags: {},
    needsSubcommand: true,
    subcommands: {
      pod: { flags: { ...SELECTOR, ...FIELD_SELECTOR, ...ALL_NAMESPACES, containers: bool(), 'no-headers': bool(), 'sort-by': value(), sum: bool(), 'use-protocol-buffers': bool() }, aliases: ['pods', 'po'] },
      node: { flags: { ...SELECTOR, 'no-headers': bool(), 'show-capacity': bool(), 'sort-by': value(), 'use-protocol-buffers': bool() }, aliases: ['nodes', 'no'] },
    },
  },
  auth: {
    flags: {},
    needsSubcommand: true,
    subcommands: {
      'can-i': { flags: { ...ALL_NAMESPACES, list: bool(), 'no-headers': bool(), quiet: bool('q'), subresource: value() } },
      whoami: { flags: { ...OUTPUT } },
      reconcile: { flags: {}, refused: 'RBAC reconciliation is not part of this module; apply the manifest with -f editor' },
    },
  },

  // Commands kubectl has that act on the portal server's machine or need an interactive terminal.
  proxy: { flags: {}, refused: `kubectl proxy opens a port on the portal server; ${USE_OWN_KUBECTL}` },
  'port-forward': { flags: {}, refused: `port-forward opens a port on the portal server; open a running pod's port in a new tab from the node board (the :PORT ↗ links), ${USE_OWN_KUBECTL}, or reach the pod from another one: kubectl exec POD -- wget -qO- http://SERVICE` },
  cp: { flags: {}, refused: 'kubectl cp reads and writes files on the portal server; look at files inside the pod with kubectl exec POD -- cat /path' },
  config: { flags: {}, refused: 'the terminal is already configured for your cluster (a fresh kubeconfig each run); switch namespaces with -n NAMESPACE' },
  edit: { flags: {}, refused: 'kubectl edit needs an editor on the portal server; change the YAML in the editor and Apply, or use kubectl patch / kubectl set' },
  attach: { flags: {}, refused: 'attach needs an interactive terminal; read the output with kubectl logs -f POD' },
  plugin: { flags: {}, refused: 'plugins would run programs on the portal server; they are not available' },
  kustomize: { flags: {}, refused: `kustomize reads directories on the portal server; ${USE_OWN_KUBECTL}` },
  debug: { flags: {}, refused: `kubectl debug (and debugging nodes) is not available in the lab terminal; your cluster serves it to your own kubectl (kubectl debug POD -it --image=busybox --target=CONTAINER): ${USE_OWN_KUBECTL}. Here, inspect a pod with kubectl describe, kubectl logs and kubectl exec POD -- CMD` },
  completion: { flags: {}, refused: 'shell completion is not available in the lab terminal' },
  certificate: { flags: {}, refused: 'certificates are not part of this module' },
  alpha: { flags: {}, refused: 'alpha commands are not available in the lab terminal' },
};
