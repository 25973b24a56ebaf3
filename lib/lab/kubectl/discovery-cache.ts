/**
 * kubectl's discovery, answered before it asks. Each terminal run starts with an empty HOME, so
 * every kubectl (a `kubectl exec` included) used to fetch /api, /apis and each group version
 * (16 requests through the run's gateway, the portal's main thread and the sandbox worker)
 * before its one real request. The sandbox serves the same discovery to every cluster (it comes
 * from its registry; there are no CRDs), so the portal fetches it once, writes it as kubectl's
 * own disk cache (client-go discovery/cached/disk: servergroups.json and
 * <group>/<version>/serverresources.json), and each confined run sees that directory read-only
 * where kubectl looks for its cache. kubectl then finds everything fresh and goes straight to its
 * request; a resource it does not find there sends it to the server as before (client-go
 * invalidates a cache it did not write itself), and its writes to the read-only copy fail
 * silently (logged only at -v=3).
 *
 * The template lives in its own directory under the system's temp directory (static API
 * descriptions, nothing of any learner), made once per process (removed at its exit, or by the
 * next process if it was killed) and kept fresh: kubectl trusts
 * a cached file for a fixed time after its mtime, so the files are touched again every minute
 * a run uses them.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openClusterGateway, type ClusterHandler } from './gateway';

/** Touch the template's files again when they are older than this (kubectl's TTL is minutes to hours). */
const REFRESH_MS = 60_000;
/** The template's requests answer in milliseconds; a hung one must not keep the template from being tried again. */
const FETCH_TIMEOUT_MS = 10_000;

/**
 * The directory kubectl keeps a server's discovery in, under its cache's discovery/:
 * computeDiscoverCacheDir in k8s.io/cli-runtime (genericclioptions/config_flags.go): the server
 * URL without its scheme, every character outside [A-Za-z0-9_/.()] made '_'.
 */
export function discoveryCacheDirName(serverUrl: string): string {
  return serverUrl.replace('https://', '').replace('http://', '').replace(/[^\w/.()]/g, '_');
}

/** Where to ask: the gateway's unix socket and the cluster's path prefix. */
interface Source {
  socketPath: string;
  prefix: string;
}

async function getJson(from: Source, p: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: from.socketPath, path: `${from.prefix}${p}`, headers: { accept: 'application/json' }, timeout: FETCH_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${p}: ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        } catch (e) {
          reject(e as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${p}: no answer in ${FETCH_TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

interface GroupVersion {
  groupVersion: string;
  version: string;
}
interface Group {
  name: string;
  versions: GroupVersion[];
  preferredVersion?: GroupVersion;
}

/** The cache files kubectl would write for this discovery: relative path → JSON text. */
export async function fetchDiscoveryFiles(from: Source): Promise<Map<string, string>> {
  const core = (await getJson(from, '/api')) as { versions?: string[] };
  const apis = (await getJson(from, '/apis')) as { groups?: Group[] };
  const coreVersions = (core.versions ?? []).map((v) => ({ groupVersion: v, version: v }));
  // servergroups.json holds the legacy group ("", from /api) first, as client-go's ServerGroups merges them.
  const groups: Group[] = [...(coreVersions.length ? [{ name: '', versions: coreVersions, preferredVersion: coreVersions[0] }] : []), ...(apis.groups ?? [])];
  const files = new Map<string, string>([['servergroups.json', JSON.stringify({ kind: 'APIGroupList', apiVersion: 'v1', groups })]]);
  for (const g of groups) {
    for (const v of g.versions) {
      // A group version becomes a path, in the request and in the cache: nothing but plain names may make one.
      if (!/^([a-z0-9-]+(\.[a-z0-9-]+)*\/)?v[a-z0-9]+$/.test(v.groupVersion)) throw new Error(`unexpected group version ${JSON.stringify(v.groupVersion).slice(0, 80)}`);
      const list = await getJson(from, g.name === '' ? `/api/${v.version}` : `/apis/${v.groupVersion}`);
      files.set(path.join(v.groupVersion, 'serverresources.json'), JSON.stringify(list));
    }
  }
  return files;
}

/** True when no process has this pid (ESRCH); one we may not signal is someone's, alive. */
function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Templates of processes that ended without their exit handler (killed): each is named after
 * its process, and removed by the next process that makes one.
 */
function removeOrphans(root: string): void {
  for (const name of fs.readdirSync(root)) {
    const pid = /^kubelab-discovery-(\d+)-/.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && processGone(Number(pid))) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

export class DiscoveryTemplate {
  private dir: string | undefined;
  private building: Promise<void> | undefined;
  private touchedAt = 0;
  private files: string[] = [];

  /**
   * root: where the template lives for the process's life (the portal gives a folder of its data
   * directory, so nothing of ours stays in /tmp); the gateway's socket, gone within the build,
   * stays in the system's temp folder, whose short path keeps it under the unix socket limit.
   */
  constructor(
    private readonly root = os.tmpdir(),
    private readonly now = () => Date.now(),
    private readonly socketRoot = os.tmpdir(),
  ) {}

  /**
   * The template's directory, fresh; built on the first call from this cluster's discovery
   * (undefined while that is under way or if it failed: the run goes without, as before).
   */
  async forRun(cluster: { id: string; token: string; handler: ClusterHandler }): Promise<string | undefined> {
    // A template removed under us (a temp cleaner) would make bwrap's mount fail: make it again.
    if (this.dir && !fs.existsSync(this.dir)) {
      this.dir = undefined;
      this.building = undefined;
    }
    if (!this.dir) {
      this.building ??= this.build(cluster).catch((e: unknown) => {
        console.error('kubelab: kubectl discovery template could not be made (runs fetch discovery themselves):', (e as Error).message);
        this.building = undefined;
      });
      await this.building;
      if (!this.dir) return undefined;
    }
    if (this.now() - this.touchedAt > REFRESH_MS && !this.touch()) return undefined;
    return this.dir;
  }

  /** Removes the template (the process is ending). */
  remove(): void {
    if (this.dir) fs.rmSync(path.dirname(this.dir), { recursive: true, force: true });
    this.dir = undefined;
  }

  private async build(cluster: { id: string; token: string; handler: ClusterHandler }): Promise<void> {
    // Asked through a gateway on a unix socket in a private directory: no port opens, even briefly.
    const socketDir = fs.mkdtempSync(path.join(this.socketRoot, `kubelab-discovery-socket-${process.pid}-`));
    let files: Map<string, string>;
    try {
      const socketPath = path.join(socketDir, 'api.sock');
      const gateway = await openClusterGateway({ socketPath }, cluster.id, cluster.handler);
      try {
        files = await fetchDiscoveryFiles({ socketPath, prefix: `/k8s/${cluster.id}/token-${cluster.token}` });
      } finally {
        await gateway.close();
      }
    } finally {
      fs.rmSync(socketDir, { recursive: true, force: true });
    }
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
    removeOrphans(this.root);
    const top = fs.mkdtempSync(path.join(this.root, `kubelab-discovery-${process.pid}-`));
    const dir = path.join(top, 'discovery');
    for (const [rel, text] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true, mode: 0o700 });
      fs.writeFileSync(path.join(dir, rel), text, { mode: 0o600 });
    }
    this.files = [...files.keys()].map((rel) => path.join(dir, rel));
    this.dir = dir;
    this.touchedAt = this.now();
    process.once('exit', () => this.remove());
  }

  /** False when the template is gone (a temp cleaner removed it): it is made again at the next run. */
  private touch(): boolean {
    const t = new Date(this.now());
    try {
      for (const f of this.files) fs.utimesSync(f, t, t);
    } catch {
      this.dir = undefined;
      this.building = undefined;
      return false;
    }
    this.touchedAt = this.now();
    return true;
  }
}

let templateOfThisModule: DiscoveryTemplate | undefined;

/**
 * The template of runs whose caller gives none (tests, tools). The portal's routes pass the one
 * in the portal context (lib/portal/context.ts), one per process.
 */
export function discoveryTemplate(): DiscoveryTemplate {
  return (templateOfThisModule ??= new DiscoveryTemplate());
}
