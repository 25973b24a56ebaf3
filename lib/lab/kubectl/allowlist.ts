/**
 * What the lab terminal lets a learner run: kubectl verbs the module uses, against their own
 * cluster only. Flags that would point kubectl elsewhere (--kubeconfig, --server, --token,
 * --context, --as...), read or write server files (-f with a path or URL, -k, *-file output
 * formats, --log-file, --cache-dir, --profile-output) or start long-lived tunnels (proxy,
 * port-forward) are refused with a reason. `-f` accepts `editor` (the bench's current tab) or
 * a file of the module's resource library, which the runner sends on stdin.
 */
import { CommandSyntaxError, tokenize } from './tokenize';

export class CommandRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandRefusedError';
  }
}

const VERBS = new Set([
  'get', 'describe', 'logs', 'apply', 'create', 'delete', 'scale', 'patch', 'label', 'annotate', 'set', 'rollout', 'wait',
  'explain', 'api-resources', 'api-versions', 'cordon', 'uncordon', 'drain', 'taint', 'exec', 'run', 'expose', 'version',
  'cluster-info', 'events', 'replace', 'autoscale', 'diff', 'top', 'auth',
]);

const REFUSED_VERBS: Record<string, string> = {
  proxy: 'kubectl proxy opens a tunnel on the server; use the Download kubeconfig link and run it on your own machine',
  'port-forward': 'port-forward opens a tunnel on the server; use your own kubectl with the downloaded kubeconfig',
  cp: 'kubectl cp reads and writes files on the server',
  config: 'the terminal is already configured for your cluster',
  edit: 'kubectl edit needs an interactive editor; change the YAML in the editor and Apply, or use kubectl patch',
  attach: 'attach needs an interactive terminal',
  plugin: 'plugins are not available',
  kustomize: 'kustomize reads directories on the server',
  debug: 'kubectl debug is not available in the lab',
  certificate: 'certificates are not part of this module',
  alpha: 'alpha commands are not available',
  completion: 'shell completion is not available here',
};

/** Global flags that would leave the learner's cluster or identity. */
const IDENTITY_FLAGS = ['--kubeconfig', '--server', '-s', '--token', '--as', '--as-group', '--as-uid', '--user', '--cluster', '--context', '--certificate-authority', '--client-certificate', '--client-key', '--insecure-skip-tls-verify', '--tls-server-name', '--username', '--password', '--disable-compression'];
/** Flags that read or write files on the server. */
const FILE_FLAGS = ['--log-file', '--log-dir', '--cache-dir', '--profile-output', '--output-directory', '-k', '--kustomize', '--log-file-max-size', '--one-output', '--skip-log-headers', '--add-dir-header', '--alsologtostderr', '--logtostderr'];
const INTERACTIVE_FLAGS = ['-i', '-t', '-it', '-ti', '--stdin', '--tty'];
const FILE_OUTPUTS = /^(jsonpath-file|go-template-file|custom-columns-file|template-file)=/;

export interface AllowedCommand {
  /** Arguments after `kubectl`. */
  args: string[];
  /** A -f source the runner must resolve and send on stdin (the arg becomes `-f -`). */
  file?: { kind: 'editor' } | { kind: 'library'; path: string };
  /** -w / -f follow: runs until the learner stops it (Ctrl+C), within the long limit. */
  follows: boolean;
}

function flagName(arg: string): string {
  return arg.startsWith('--') ? arg.split('=')[0] : arg.length > 2 && !arg.includes('=') ? arg.slice(0, 2) : arg.split('=')[0];
}

const LIBRARY_PATH = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9._-]*)*\.ya?ml$/;

export function checkCommand(line: string): AllowedCommand {
  let words: string[];
  try {
    words = tokenize(line.trim());
  } catch (e) {
    if (e instanceof CommandSyntaxError) throw new CommandRefusedError(e.message);
    throw e;
  }
  if (words.length === 0) throw new CommandRefusedError('type a kubectl command, e.g. kubectl get pods');
  if (words[0] === 'k' || words[0] === 'kubectl') words = words.slice(1);
  else throw new CommandRefusedError(`this terminal runs kubectl only; "${words[0]}" is not available`);
  if (words.length > 64 || line.length > 4096) throw new CommandRefusedError('that command is too long');
  const verb = words.find((w) => !w.startsWith('-'));
  if (!verb) throw new CommandRefusedError('which kubectl command? e.g. kubectl get pods');
  if (REFUSED_VERBS[verb]) throw new CommandRefusedError(`${verb}: ${REFUSED_VERBS[verb]}`);
  if (!VERBS.has(verb)) throw new CommandRefusedError(`kubectl ${verb} is not available in the lab terminal`);
  if (verb === 'cluster-info' && words.includes('dump')) throw new CommandRefusedError('cluster-info dump writes files on the server');

  const args: string[] = [];
  let file: AllowedCommand['file'];
  let follows = false;
  let afterDashDash = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (afterDashDash) {
      args.push(w);
      continue;
    }
    if (w === '--') {
      afterDashDash = true;
      args.push(w);
      continue;
    }
    const name = flagName(w);
    if (IDENTITY_FLAGS.includes(name)) throw new CommandRefusedError(`${name} is refused: the terminal always talks to your own cluster as you`);
    if (FILE_FLAGS.includes(name)) throw new CommandRefusedError(`${name} is refused: it reads or writes files on the server`);
    // Combined short flags (-it, -ti) count too; the terminal has no TTY to give them.
    if (INTERACTIVE_FLAGS.includes(w) || ((verb === 'exec' || verb === 'run') && /^-[a-z]{0,2}[it][a-z]{0,2}$/.test(w) && !w.startsWith('--'))) {
      throw new CommandRefusedError('interactive sessions (-i/-t) are not available here; run a single command: kubectl exec POD -- ls /data');
    }
    if (name === '-o' || name === '--output') {
      const value = w.includes('=') ? w.slice(w.indexOf('=') + 1) : name === '-o' && w.length > 2 ? w.slice(2) : words[i + 1];
      if (value && FILE_OUTPUTS.test(value)) throw new CommandRefusedError('output formats that read a file on the server are refused; use -o jsonpath=... or -o custom-columns=...');
    }
    if (name === '-f' || name === '--filename') {
      if (verb === 'logs') {
        follows = true;
        args.push(w);
        continue;
      }
      const value = w.includes('=') ? w.slice(w.indexOf('=') + 1) : name === '-f' && w.length > 2 ? w.slice(2) : words[++i];
      if (value === undefined) throw new CommandRefusedError('-f needs a source: -f editor, or a resource library file like -f workload-types/daemonset-examples.yaml');
      if (file) throw new CommandRefusedError('one -f per command, please');
      if (value === 'editor') file = { kind: 'editor' };
      else if (LIBRARY_PATH.test(value) && !value.split('/').includes('..')) file = { kind: 'library', path: value };
      else throw new CommandRefusedError(`-f ${value}: only "editor" or a file of the resource library (e.g. batch-processing/parallel-jobs.yaml) can be used; URLs and server paths are refused`);
      args.push('-f', '-');
      continue;
    }
    if (w === '-w' || w === '--watch' || w === '--watch-only' || w.startsWith('--watch=')) follows = true;
    if (verb === 'logs' && (w === '--follow' || w.startsWith('--follow='))) follows = true;
    if (verb === 'rollout' && words.includes('status')) follows = true;
    args.push(w);
  }
  return { args, file, follows };
}
