/**
 * A throwaway PostgreSQL server for tests and benches: Debian's binaries (postgresql-15 or any
 * /usr/lib/postgresql/<version>), a data directory in a temp folder, listening on a unix socket
 * only (no TCP port to collide with other runs). initdb costs seconds on these machines, so the
 * first run keeps an initialised data directory under node_modules/.cache and later runs copy it
 * (a fraction of a second). initdb and the server refuse to run as root: as root they run as the
 * `postgres` user Debian's package creates (runuser).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ThrowawayPostgres {
  /** A connection URL for the `postgres` superuser over the unix socket (no password: trust). */
  url: string;
  /** The binaries' major version. */
  version: string;
  stop(): void;
}

/** Where Debian installs PostgreSQL; the highest version wins. */
const DEBIAN_ROOT = '/usr/lib/postgresql';
const TEMPLATE_CACHE = path.resolve(import.meta.dirname, '../../node_modules/.cache/kubelab-postgres');

/** The bin directory of the newest installed PostgreSQL, or undefined when none is. */
export function findPostgresBin(root = DEBIAN_ROOT): string | undefined {
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')) && fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
function runPg(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || String(r.error ?? '')).trim().slice(-2000)}`);
}

function giveToPostgres(dir: string): void {
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
}

/** An initialised data directory to copy: made once per PostgreSQL version and kept in the cache. */
function template(bin: string, version: string): string {
  const dir = path.join(TEMPLATE_CACHE, `data-${version}`);
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  fs.mkdirSync(TEMPLATE_CACHE, { recursive: true });
  // Made beside and renamed into place, so a run started meanwhile never copies half of one.
  const building = fs.mkdtempSync(path.join(TEMPLATE_CACHE, 'building-'));
  giveToPostgres(building);
  runPg(path.join(bin, 'initdb'), ['-D', path.join(building, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  try {
    fs.renameSync(path.join(building, 'data'), dir);
  } catch {
    // Another run finished its template first: use that one.
  }
  fs.rmSync(building, { recursive: true, force: true });
  return dir;
}

/**
 * An immediate shutdown (SIGQUIT to the postmaster, as `pg_ctl -m immediate`) without waiting
 * for it: a detached shell removes the folder once the postmaster is gone (pg_ctl's own wait
 * polls once a second, and removing the data directory takes seconds on a loaded machine).
 */
function stopInBackground(data: string, base: string): void {
  let pid = 0;
  try {
    pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGQUIT');
  } catch {
    // Not running (or never started): only the folder is left to remove.
  }
  const script = 'i=0; while [ "$i" -lt 300 ] && kill -0 "$1" 2>/dev/null; do i=$((i+1)); sleep 0.1; done; rm -rf "$2"';
  spawn('sh', ['-c', script, 'sh', String(pid || 0), base], { detached: true, stdio: 'ignore' }).unref();
}

/**
 * A run killed before its teardown (Ctrl-C twice, a CI timeout) would leave the server running:
 * a detached shell stops it and removes its folder once this process is gone.
 */
function watchOwner(data: string, base: string): void {
  const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -QUIT "$2" 2>/dev/null; sleep 1; rm -rf "$3"';
  spawn('sh', ['-c', script, 'sh', String(process.pid), String(pid), base], { detached: true, stdio: 'ignore' }).unref();
}

/**
 * Starts a server; durable: false turns fsync off (tests: nothing outlives the run), true keeps
 * PostgreSQL's defaults (benches compare commit latency with SQLite's synchronous=FULL).
 */
export function startThrowawayPostgres(opts: { durable?: boolean } = {}): ThrowawayPostgres {
  const bin = findPostgresBin();
  if (!bin) throw new Error(`PostgreSQL is not installed (no ${DEBIAN_ROOT}/<version>/bin/initdb): install Debian's postgresql package (.ci/run does)`);
  const version = path.basename(path.dirname(bin));
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-pg-'));
  const data = path.join(base, 'data');
  fs.cpSync(template(bin, version), data, { recursive: true });
  fs.chmodSync(data, 0o700);
  giveToPostgres(base);
  const options = [`-k ${base}`, "-c listen_addresses=''", '-c max_connections=200', '-c shared_buffers=16MB'];
  if (!opts.durable) options.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  runPg(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(base, 'server.log'), '-o', options.join(' '), '-w', '-t', '30', 'start']);
  watchOwner(data, base);
  let stopped = false;
  return {
    url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(base)}`,
    version,
    stop: () => {
      if (stopped) return;
      stopped = true;
      stopInBackground(data, base);
    },
  };
}
