/**
 * The second wall around the terminal's kubectl: each run happens inside a bubblewrap sandbox
 * (Debian package `bubblewrap`) with every namespace unshared (no network but its own loopback,
 * its own pids, no capabilities, no further user namespaces), the system's /usr read-only, a
 * fresh size-capped tmpfs for HOME and /tmp,
 * and the run's throwaway directory (kubeconfig + the gateway's unix socket) read-only at
 * /run/kubelab. Nothing of the data directory or the portal's checkout is visible, and nothing
 * written inside outlives the run. socat (Debian package `socat`) inside the sandbox turns
 * kubectl's loopback connection into the gateway's unix socket.
 */
import fs from 'node:fs';
import path from 'node:path';
import { discoveryCacheDirName } from './discovery-cache';

export class ConfinementMissingError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `the lab terminal runs kubectl inside a bubblewrap sandbox, and ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed on this server. ` +
        `Install the Debian packages (apt-get install -y ${missing.join(' ')}) and restart the portal. ` +
        'For development only, KUBELAB_UNCONFINED_KUBECTL=1 runs kubectl without the sandbox.',
    );
    this.name = 'ConfinementMissingError';
  }
}

/** Inside the sandbox: where the run's directory is mounted, HOME, and kubectl's API port. */
export const SANDBOX_RUN_DIR = '/run/kubelab';
export const SANDBOX_HOME = '/home/kubelab';
export const SANDBOX_PORT = 6443;
/** nobody:nogroup inside the sandbox's user namespace. */
const SANDBOX_UID = '65534';
/** Each of HOME and /tmp: room for kubectl's discovery cache and diff's files, not for filling the machine's memory. */
export const SANDBOX_TMPFS_BYTES = 64 * 1024 * 1024;

export interface Confinement {
  bwrap: string;
  socat: string;
}

function onPath(name: string, envPath: string): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** bwrap and socat, or the list of what is missing. */
export function findConfinement(envPath = `${process.env.PATH ?? ''}${path.delimiter}/usr/bin${path.delimiter}/bin`): Confinement | { missing: string[] } {
  const bwrap = onPath('bwrap', envPath);
  const socat = onPath('socat', envPath);
  if (bwrap && socat) return { bwrap, socat };
  return { missing: [...(bwrap ? [] : ['bubblewrap']), ...(socat ? [] : ['socat'])] };
}

/** True when the operator asked for unconfined runs (development only, see README). */
export function unconfinedAllowed(env: Record<string, string | undefined> = process.env): boolean {
  return env.KUBELAB_UNCONFINED_KUBECTL === '1';
}

/** The four-hex-digit port as /proc/net/tcp shows a listening 127.0.0.1 socket. */
const LISTEN_LINE = ` 0100007F:${SANDBOX_PORT.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A `;

/**
 * Started as `bash -c SCRIPT kubelab SOCAT KUBECTL ARGS...`: the arguments stay positional
 * parameters, never shell text. Descriptors the portal may have inherited from whatever started
 * it are closed (fd 3 is the runner's readiness pipe). kubectl is exec'd only once socat listens
 * (seen in the sandbox's own /proc/net/tcp), so its first request cannot race the forwarder; the
 * runner learns on fd 3 that bwrap's setup is over (from then on killing bwrap kills the whole
 * sandbox: --die-with-parent), and only then delivers a cancel.
 */
const START = [
  'for fd in /proc/$$/fd/*; do fd=${fd##*/}; case $fd in 0|1|2|3) ;; *) eval "exec $fd>&-" 2>/dev/null ;; esac; done',
  'socat=$1 kubectl=$2; shift 2',
  `"$socat" -lf /dev/null TCP-LISTEN:${SANDBOX_PORT},bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:${SANDBOX_RUN_DIR}/api.sock </dev/null &`,
  'i=0',
  `until grep -q '${LISTEN_LINE}' /proc/net/tcp; do`,
  '  i=$((i+1)); if [ "$i" -gt 500 ]; then echo "the terminal could not connect kubectl to your cluster (forwarder did not start)" >&2; exit 125; fi',
  '  sleep 0.01',
  'done',
  'echo ready >&3; exec 3>&-',
  'exec "$kubectl" "$@"',
].join('\n');

/** The server URL kubectl uses inside the sandbox (the gateway checks the cluster path). */
export function sandboxServerUrl(clusterId: string, token: string): string {
  return `http://127.0.0.1:${SANDBOX_PORT}/k8s/${clusterId}/token-${token}`;
}

/** Directories kubectl's binary needs that /usr does not already give (a kubectl outside /usr). */
function binaryMounts(kubectl: string): string[] {
  const real = fs.realpathSync(kubectl);
  const dir = path.dirname(real);
  return dir === '/usr' || dir.startsWith('/usr/') ? [] : ['--ro-bind', dir, dir];
}

/**
 * Paths to cover with an empty tmpfs because a read-only mount would show them: the data
 * directory or the portal's checkout placed under /usr (a container's /usr/src/app, say).
 */
function hiddenMounts(mounted: string[], hide: string[]): string[] {
  const inside = (p: string, root: string) => p.startsWith(`${root.replace(/\/$/, '')}/`);
  return hide.filter((p) => mounted.some((root) => inside(p, root))).flatMap((p) => ['--tmpfs', p]);
}

/**
 * kubectl's discovery cache for the run's server, read-only: the portal's discovery template
 * (discovery-cache.ts) where kubectl looks for it (HOME/.kube/cache/discovery/<server>), so
 * kubectl skips its 16 discovery requests. The rest of HOME/.kube stays the run's own tmpfs.
 */
function discoveryMount(discovery: { template: string; serverUrl: string } | undefined): string[] {
  return discovery ? ['--ro-bind', discovery.template, path.posix.join(SANDBOX_HOME, '.kube', 'cache', 'discovery', discoveryCacheDirName(discovery.serverUrl))] : [];
}

/** The bwrap argv that runs `kubectl args...` confined, with runDir mounted read-only and `hide` covered. */
export function bwrapArgs(c: Confinement, opts: { runDir: string; kubectl: string; args: string[]; hide?: string[]; discovery?: { template: string; serverUrl: string } }): string[] {
  const real = fs.realpathSync(opts.kubectl);
  const binary = binaryMounts(opts.kubectl);
  return [
    '--unshare-all', '--unshare-user', '--disable-userns', '--uid', SANDBOX_UID, '--gid', SANDBOX_UID, '--hostname', 'kubelab',
    '--die-with-parent', '--new-session', '--cap-drop', 'ALL',
    '--clearenv',
    '--setenv', 'PATH', '/usr/bin:/bin',
    '--setenv', 'HOME', SANDBOX_HOME,
    '--setenv', 'TMPDIR', '/tmp',
    '--setenv', 'KUBECONFIG', `${SANDBOX_RUN_DIR}/kubeconfig`,
    '--setenv', 'KUBECTL_COMMAND_HEADERS', 'false',
    '--setenv', 'TERM', 'dumb',
    '--ro-bind', '/usr', '/usr',
    '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64',
    ...binary,
    ...hiddenMounts(['/usr', ...binary.slice(1, 2)], (opts.hide ?? []).map((p) => path.resolve(p))),
    '--proc', '/proc', '--dev', '/dev',
    '--size', String(SANDBOX_TMPFS_BYTES), '--tmpfs', '/tmp', '--size', String(SANDBOX_TMPFS_BYTES), '--tmpfs', SANDBOX_HOME, '--dir', '/etc',
    '--ro-bind', opts.runDir, SANDBOX_RUN_DIR,
    ...discoveryMount(opts.discovery),
    '--chdir', SANDBOX_HOME,
    '/bin/bash', '-c', START, 'kubelab', c.socat, real, ...opts.args,
  ];
}
