/**
 * `npm run sandbox -- [--port 6443] [--host 127.0.0.1] [--workers 3] [--time-scale 1]
 * [--data-dir .sandbox]`: one sandbox cluster alone (no Next.js). Writes
 * <data-dir>/kubeconfig, prints its path, stops cleanly on SIGINT/SIGTERM. The cluster id and
 * token are kept in the data dir, so a restart serves the same kubeconfig.
 */
import type http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { SandboxHost, kubeconfigYaml } from './host';
import { sandboxHttpServer } from './http-server';
import { sandboxParts } from './parts';
import { productComponents } from './components';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from './store/sqlite-persistence';

export class CliUsageError extends Error {
  constructor(readonly argument: string) {
    super(`sandbox: bad argument ${JSON.stringify(argument)}; usage: npm run sandbox -- [--port 6443] [--host 127.0.0.1] [--workers 3] [--time-scale 1] [--data-dir .sandbox]`);
    this.name = 'CliUsageError';
  }
}

export interface CliOptions {
  port: number;
  host: string;
  workers: number;
  timeScale: number;
  dataDir: string;
}

export function parseArgs(argv: string[]): CliOptions {
  const opts: CliOptions = { port: 6443, host: '127.0.0.1', workers: 3, timeScale: 1, dataDir: '.sandbox' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new CliUsageError(flag);
    i++;
    const n = Number(value);
    switch (flag) {
      case '--port':
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliUsageError(`${flag} ${value}`);
        opts.port = n;
        break;
      case '--host':
        opts.host = value;
        break;
      case '--workers':
        if (!Number.isInteger(n) || n < 0 || n > 50) throw new CliUsageError(`${flag} ${value}`);
        opts.workers = n;
        break;
      case '--time-scale':
        if (!(n > 0) || n > 10_000) throw new CliUsageError(`${flag} ${value}`);
        opts.timeScale = n;
        break;
      case '--data-dir':
        opts.dataDir = value;
        break;
      default:
        throw new CliUsageError(flag);
    }
  }
  return opts;
}

export async function startCli(opts: CliOptions): Promise<{ server: http.Server; host: SandboxHost; kubeconfigPath: string; stop(): Promise<void> }> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  // Objects persist in the data dir, so stopping and starting again loses nothing.
  const storeFile = new SqliteStoreFile(opts.dataDir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS });
  const host = new SandboxHost({ dataDir: opts.dataDir, parts: (r) => sandboxParts({ clusterId: r.id, scale: opts.timeScale, storeFile }), components: productComponents });
  const record = host.listClusters()[0] ?? host.createCluster({ workers: opts.workers }).record;
  const server = sandboxHttpServer(host);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const shownHost = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  const url = host.serverURL(`http://${shownHost}:${port}`, record.id);
  const kubeconfigPath = path.resolve(opts.dataDir, 'kubeconfig');
  fs.writeFileSync(kubeconfigPath, kubeconfigYaml(url, record.token, 'kubelab-sandbox'), { mode: 0o600 });
  const stop = () =>
    new Promise<void>((resolve) => {
      host.close();
      storeFile.close();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { server, host, kubeconfigPath, stop };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const { kubeconfigPath, stop } = await startCli(opts);
  console.log(`Sandbox cluster listening on ${opts.host}:${opts.port}`);
  console.log(`kubeconfig: ${kubeconfigPath}`);
  console.log(`  export KUBECONFIG=${kubeconfigPath}`);
  const shutdown = () => {
    void stop().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
