/**
 * SandboxHost: many clusters in one process under `/k8s/<cluster-id>`, each with its own
 * bearer token. kubectl never sends an Authorization header over plain http
 * (kubernetes/kubectl#744), so the token is also accepted as a path segment:
 * `/k8s/<id>/token-<token>/api/...`; kubeconfigs for http servers use that form.
 * Ids and tokens are random (128 and 256 bits) and compared in constant time.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Cluster, type ClusterComponent, type ClusterParts, type ComponentContext } from './cluster';
import type { ApiLimits } from './apiserver/api-server';
import { errors, StatusError } from './errors';
import { sendError } from './apiserver/respond';

export interface ClusterRecord {
  id: string;
  token: string;
  workers: number;
  createdAt: string;
}

export interface SandboxHostOptions {
  /** Where cluster records (and, through the parts factory, their objects) are kept. */
  dataDir?: string;
  /** Builds the store/clock/patch/schemas of one cluster (persistent or not). */
  parts: (record: ClusterRecord) => ClusterParts;
  limits?: Partial<ApiLimits>;
  maxClusters?: number;
  /** Controllers, scheduler and kubelets for each cluster (productComponents in the product). */
  components?: (ctx: ComponentContext) => ClusterComponent[];
}

const PREFIX = '/k8s/';
const RECORDS_FILE = 'sandbox-clusters.json';

export class UnknownClusterError extends Error {
  constructor(readonly clusterId: string) {
    super(`no sandbox cluster with id ${JSON.stringify(clusterId)}`);
    this.name = 'UnknownClusterError';
  }
}

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  // Compare fixed-length digests' worth of bytes so length differences leak nothing useful.
  if (ab.length !== bb.length) {
    timingSafeEqual(bb, bb);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

export class SandboxHost {
  private readonly clusters = new Map<string, { record: ClusterRecord; cluster: Cluster }>();

  constructor(private readonly opts: SandboxHostOptions) {
    for (const record of this.loadRecords()) this.open(record);
  }

  private recordsPath(): string | undefined {
    return this.opts.dataDir ? path.join(this.opts.dataDir, RECORDS_FILE) : undefined;
  }

  private loadRecords(): ClusterRecord[] {
    const p = this.recordsPath();
    if (!p || !fs.existsSync(p)) return [];
    return JSON.parse(fs.readFileSync(p, 'utf8')) as ClusterRecord[];
  }

  private saveRecords(): void {
    const p = this.recordsPath();
    if (!p) return;
    fs.mkdirSync(path.dirname(p), { recursive: true });
    const tmp = `${p}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify([...this.clusters.values()].map((c) => c.record), null, 2), { mode: 0o600 });
    fs.renameSync(tmp, p);
  }

  private open(record: ClusterRecord): Cluster {
    const cluster = new Cluster({
      id: record.id,
      parts: this.opts.parts(record),
      workers: record.workers,
      prefix: `${PREFIX}${record.id}/token-${record.token}`,
      limits: this.opts.limits,
      components: this.opts.components,
    });
    this.clusters.set(record.id, { record, cluster });
    return cluster;
  }

  createCluster(opts: { workers?: number; id?: string; token?: string } = {}): { record: ClusterRecord; cluster: Cluster } {
    if (this.opts.maxClusters !== undefined && this.clusters.size >= this.opts.maxClusters) {
      throw errors.tooManyRequests(`the sandbox host already runs ${this.clusters.size} clusters (limit ${this.opts.maxClusters})`, 60);
    }
    const record: ClusterRecord = {
      id: opts.id ?? `c${randomBytes(16).toString('hex')}`,
      token: opts.token ?? randomBytes(32).toString('base64url'),
      workers: opts.workers ?? 3,
      createdAt: new Date().toISOString(),
    };
    const cluster = this.open(record);
    this.saveRecords();
    return { record, cluster };
  }

  getCluster(id: string): { record: ClusterRecord; cluster: Cluster } | undefined {
    return this.clusters.get(id);
  }

  listClusters(): ClusterRecord[] {
    return [...this.clusters.values()].map((c) => c.record);
  }

  deleteCluster(id: string): void {
    const entry = this.clusters.get(id);
    if (!entry) throw new UnknownClusterError(id);
    // Its objects go too: a reset makes a new cluster, and the old one's rows would stay forever.
    entry.cluster.destroy();
    this.clusters.delete(id);
    this.saveRecords();
  }

  /** The server URL for a kubeconfig (token in the path, see the file comment). */
  serverURL(base: string, id: string): string {
    const entry = this.clusters.get(id);
    if (!entry) throw new UnknownClusterError(id);
    return `${base.replace(/\/$/, '')}${PREFIX}${id}/token-${entry.record.token}`;
  }

  /** Serves /k8s/* requests; returns false for anything else (the caller's to serve). */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (!url.pathname.startsWith(PREFIX)) return false;
    try {
      const { cluster, rest } = this.authenticate(req, url.pathname);
      void cluster.handle(req, res, rest, url.searchParams);
    } catch (err) {
      sendError(res, err);
    }
    return true;
  }

  /** WebSocket upgrades (pods/exec) under /k8s/*; returns false for anything else. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (!url.pathname.startsWith(PREFIX)) return false;
    try {
      const { cluster, rest } = this.authenticate(req, url.pathname);
      cluster.api.handleUpgrade(req, socket, head, rest, url.searchParams);
    } catch (e) {
      const se = e instanceof StatusError ? e : errors.internal(String(e));
      const body = JSON.stringify(se.toStatus());
      socket.end(`HTTP/1.1 ${se.code} ${se.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    }
    return true;
  }

  private authenticate(req: IncomingMessage, pathname: string): { cluster: Cluster; rest: string } {
    const afterPrefix = pathname.slice(PREFIX.length);
    const slash = afterPrefix.indexOf('/');
    const id = slash < 0 ? afterPrefix : afterPrefix.slice(0, slash);
    let rest = slash < 0 ? '/' : afterPrefix.slice(slash);
    const entry = this.clusters.get(id);
    let presented: string | undefined;
    const m = rest.match(/^\/token-([A-Za-z0-9_-]+)(\/.*)?$/);
    if (m) {
      presented = m[1];
      rest = m[2] ?? '/';
    } else {
      const auth = req.headers.authorization ?? '';
      if (auth.startsWith('Bearer ')) presented = auth.slice(7).trim();
    }
    // Unknown id and wrong token answer the same, so ids cannot be probed.
    if (!entry || presented === undefined || !sameSecret(presented, entry.record.token)) throw errors.unauthorized();
    return { cluster: entry.cluster, rest };
  }

  close(): void {
    for (const { cluster } of this.clusters.values()) cluster.close();
    this.clusters.clear();
  }
}

export function kubeconfigFor(server: string, token: string, name: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: ${server}
    # client-node refuses http:// unless this is set; kubectl ignores it for http.
    insecure-skip-tls-verify: true
users:
- name: ${name}
  user:
    token: ${token}
contexts:
- name: ${name}
  context:
    cluster: ${name}
    user: ${name}
    namespace: default
current-context: ${name}
`;
}

/**
 * The process-wide host server.ts creates. Next.js route handlers are bundled separately
 * from server.ts, so they reach the same instance through globalThis, not a module import.
 */
const GLOBAL_KEY = Symbol.for('kubelab.sandboxHost');

export function registerSandboxHost(host: SandboxHost): void {
  (globalThis as Record<symbol, unknown>)[GLOBAL_KEY] = host;
}

export function sandboxHost(): SandboxHost | undefined {
  return (globalThis as Record<symbol, unknown>)[GLOBAL_KEY] as SandboxHost | undefined;
}
