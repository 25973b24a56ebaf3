/**
 * Kubelab shards (shard-process.ts, each its own process and data directory) behind Debian's
 * NGINX with the generated config (lib/deploy/nginx-shards.ts), for the multi-shard test and
 * scripts/bench/shards.ts. NGINX runs in the foreground as this process's child, with its pid
 * file, logs and temporary files under the fleet's directory; nothing is installed or started
 * system-wide.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { nginxShardsConfig } from '../../../lib/deploy/nginx-shards';
import { newLearnerSecret } from '../../../lib/learners/identity';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));

export interface Shard {
  id: string;
  port: number;
  child: ChildProcess;
  /** What the process printed so far (its last 64 KiB): to say why a shard stopped answering. */
  output(): string;
}

export class ShardStartError extends Error {
  constructor(what: string, output: string) {
    super(`${what} did not start:\n${output.slice(-4000)}`);
    this.name = 'ShardStartError';
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, what: string, output: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new ShardStartError(what, output());
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new ShardStartError(what, output());
}

export class ShardFleet {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-shards-'));
  readonly shards: Shard[] = [];
  nginxPort = 0;
  private nginx: ChildProcess | undefined;
  private nginxOutput = '';
  /** Every shard signs and verifies learner cookies with one key, as the chart's Secret gives them. */
  private readonly cookieKey = newLearnerSecret();

  constructor(private readonly env: Record<string, string> = {}) {}

  /** Starts a shard process; resolves once it listens. */
  async addShard(id: string): Promise<Shard> {
    const dataDir = path.join(this.dir, id);
    fs.mkdirSync(dataDir, { recursive: true });
    const script = path.join(import.meta.dirname, '..', 'shard-process.ts');
    // tsx as a loader in this one process (its CLI would run the script in a grandchild, out of reach of SIGKILL).
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KUBELAB_DATABASE_URL: '', ...this.env, KUBELAB_DATA_DIR: dataDir, KUBELAB_COOKIE_KEY: this.cookieKey, KUBELAB_SHARD_ID: id, KUBELAB_TRUST_PROXY: '1', PORT: '0' },
    });
    let out = '';
    const keep = (d: Buffer) => {
      out += d.toString();
      if (out.length > 128 * 1024) out = out.slice(-64 * 1024);
    };
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr!.on('data', keep);
      child.stdout!.on('data', (d: Buffer) => {
        keep(d);
        const line = out.split('\n').find((l) => l.startsWith('{"port"'));
        if (line) resolve((JSON.parse(line) as { port: number }).port);
      });
      child.once('exit', () => reject(new ShardStartError(`shard ${id}`, out)));
    });
    const shard = { id, port, child, output: () => out };
    this.shards.push(shard);
    return shard;
  }

  private writeConfig(): string {
    const conf = path.join(this.dir, 'nginx.conf');
    fs.writeFileSync(
      conf,
      nginxShardsConfig({
        listen: `127.0.0.1:${this.nginxPort}`,
        shards: this.shards.map((s) => `127.0.0.1:${s.port}`),
        prefix: this.dir,
        // As root, the master would hand its workers to nobody, who cannot use this private directory.
        user: process.getuid?.() === 0 ? 'root' : undefined,
        errorLogLevel: 'notice',
      }),
    );
    return conf;
  }

  /** Starts NGINX in front of the shards started so far. */
  async startNginx(): Promise<void> {
    if (!NGINX) throw new Error('nginx is not installed (.ci/run installs Debian\'s nginx)');
    this.nginxPort = await freePort();
    const conf = this.writeConfig();
    const check = spawnSync(NGINX, ['-t', '-q', '-p', this.dir, '-c', conf], { encoding: 'utf8' });
    if (check.status !== 0) throw new ShardStartError('nginx (config check)', check.stderr);
    this.nginx = spawn(NGINX, ['-p', this.dir, '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.nginx.stderr!.on('data', (d: Buffer) => (this.nginxOutput += d.toString()));
    await waitForPort(this.nginxPort, this.nginx, 'nginx', () => `${this.nginxOutput}${this.errorLog()}`);
  }

  /** Rewrites the config with every shard started so far and has NGINX load it (SIGHUP, as `nginx -s reload`). */
  async reloadNginx(): Promise<void> {
    this.writeConfig();
    const before = this.errorLog();
    this.nginx!.kill('SIGHUP');
    // The master logs the reload, starts workers with the new config and retires the old ones;
    // until an old worker has exited, a request on a connection it kept alive still uses the old shards.
    const reloaded = () => /reconfiguring[\s\S]*start worker process[\s\S]*worker process \d+ exited/.test(this.errorLog().slice(before.length));
    for (let i = 0; i < 400 && !reloaded(); i++) await new Promise((r) => setTimeout(r, 25));
    if (!reloaded()) throw new ShardStartError('nginx (reload)', this.errorLog().slice(before.length));
  }

  errorLog(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** SIGKILL, as a crashed node; NGINX keeps it in its config (a StatefulSet keeps the name) until the next reload. */
  kill(shard: Shard): Promise<void> {
    const exited = new Promise<void>((resolve) => shard.child.once('exit', () => resolve()));
    shard.child.kill('SIGKILL');
    this.shards.splice(this.shards.indexOf(shard), 1);
    return exited;
  }

  async close(): Promise<void> {
    const children = [this.nginx, ...this.shards.map((s) => s.child)].filter((c): c is ChildProcess => !!c && c.exitCode === null && c.signalCode === null);
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            c.once('exit', () => resolve());
            // NGINX stops at once on SIGTERM; shards are not asked to sleep their clusters here.
            c.kill(c === this.nginx ? 'SIGTERM' : 'SIGKILL');
          }),
      ),
    );
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
