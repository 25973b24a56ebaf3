/**
 * SandboxHost: many clusters in one process under `/k8s/<cluster-id>`, each with its own
 * bearer token. kubectl never sends an Authorization header over plain http
 * (kubernetes/kubectl#744), so the token is also accepted as a path segment:
 * `/k8s/<id>/token-<token>/api/...`; kubeconfigs for http servers use that form.
 * Requests that carry a cluster's token as a bearer header (kubectl over https, curl) are also
 * served at the Kubernetes root paths (root-paths.ts), which `get --raw` and `proxy` need.
 * Ids and tokens are random (128 and 256 bits) and compared in constant time.
 *
 * Clusters sleep and wake. Starting the host reads only the records file: no cluster is
 * loaded until a request names it (an API request with its token, a portal session through
 * wake()). A cluster with no request, hold (an open watch, exec, the bench's stream, a
 * terminal run) or touch for idleMs is put to sleep: its store synced and closed, its clock's
 * virtual time and speed saved with its record, everything dropped from memory. Waking
 * resumes the clock where it stopped, so nothing in the cluster saw the time it slept. Past
 * maxActive awake clusters, the least recently used one that is not held and has been unused
 * for minIdleToEvictMs sleeps to make room; when none can, the newcomer gets ClassFullError.
 * Sleeping needs parts that persist the store (the product's SQLite file): without idleMs and
 * maxActive (tests, benches, the CLI) a host never puts a cluster to sleep.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { Cluster, type ClusterComponent, type ClusterParts, type ComponentContext } from './cluster';
import type { ApiLimits } from './apiserver/api-server';
import { errors, StatusError } from './errors';
import { sendError } from './apiserver/respond';
import { bearerToken, isKubernetesRootPath } from './root-paths';
import { hasClusterIdShape, readClusterRecords, writeClusterRecords, type ClusterRecord } from './records-file';
import type { ClusterRecordStore } from './records-store';
import { soonOnThread } from '../../turns/turns';

export type { ClusterRecord } from './records-file';

export interface SandboxHostOptions {
  /** Where cluster records (and, through the parts factory, their objects) are kept. */
  dataDir?: string;
  /** Builds the store/clock/patch/schemas of one cluster (persistent or not); called again at each wake. */
  parts: (record: ClusterRecord) => ClusterParts;
  limits?: Partial<ApiLimits>;
  /** Clusters kept, awake or asleep: past it createCluster refuses (ClusterLimitError). */
  maxClusters?: number;
  /** Clusters awake at once: past it the least recently used idle one sleeps, or ClassFullError. */
  maxActive?: number;
  /** A cluster unused (no request, no hold) this long is put to sleep by the idle check. */
  idleMs?: number;
  /** How often the idle check runs: default a quarter of idleMs, at most a minute; 0 never (tests call sleepIdle). */
  idleCheckEveryMs?: number;
  /**
   * How long a cluster must have gone unused before it is put to sleep to make room for
   * another (default 60 s): longer than the longest operation a portal route runs on a
   * cluster it got from wake() without holding it (a skip ahead: at most 15 s of wall time).
   */
  minIdleToEvictMs?: number;
  /** The wall clock for idleness and pause lengths (default Date.now); tests inject one. */
  now?: () => number;
  /**
   * Ids of clusters whose objects are stored (the store file's), to rebuild records from when
   * the records file is damaged or missing. A rebuilt record gets a new token.
   */
  storedClusterIds?: () => string[];
  /** Where damage and recovery are reported (default console.error). */
  log?: (message: string) => void;
  /** Set when the port also speaks TLS (same-port-tls.ts): kubeconfigs then use https and root paths. */
  tls?: KubeconfigTls;
  /** Controllers, scheduler and kubelets for each cluster (productComponents in the product). */
  components?: (ctx: ComponentContext) => ClusterComponent[];
  /**
   * Where the records go instead of a file: a sandbox worker's host (workers/) keeps no records
   * file; it reports its records' clocks to the main thread, which owns the file.
   */
  reportRecords?: (records: ClusterRecord[]) => void;
  /**
   * Where the records are kept instead of the data directory's file: PostgreSQL for shards
   * (records-store.ts), read when a request names a cluster this host does not keep yet.
   */
  records?: ClusterRecordStore;
}

const PREFIX = '/k8s/';
export const RECORDS_FILE = 'sandbox-clusters.json';
const DEFAULT_MIN_IDLE_TO_EVICT_MS = 60_000;
/** What a full class is told to wait before trying again. */
export const CLASS_FULL_RETRY_SECONDS = 60;

export class UnknownClusterError extends Error {
  constructor(readonly clusterId: string) {
    super(`no sandbox cluster with id ${JSON.stringify(clusterId)}`);
    this.name = 'UnknownClusterError';
  }
}

/** Every awake slot is in use (held, or used within the last minute): nobody can be put to sleep for a newcomer. */
export class ClassFullError extends StatusError {
  constructor(readonly awake: number) {
    super(503, 'ServiceUnavailable', 'The class is full: every cluster slot is in use. Try again in a minute.', { retryAfterSeconds: CLASS_FULL_RETRY_SECONDS });
    this.name = 'ClassFullError';
  }
}

/** The host keeps as many clusters as it may (KUBELAB_MAX_CLUSTERS): no new one until some are removed. */
export class ClusterLimitError extends StatusError {
  constructor(readonly limit: number) {
    super(503, 'ServiceUnavailable', `This portal already keeps ${limit} clusters, its limit (KUBELAB_MAX_CLUSTERS): no new cluster can be made until the instructor removes some or raises the limit.`);
    this.name = 'ClusterLimitError';
  }
}

/** A cluster was saved with a paused clock, but the parts built to wake it have a clock that cannot resume. */
export class ClockCannotResumeError extends Error {
  constructor(readonly clusterId: string) {
    super(`sandbox cluster ${clusterId}: its clock was paused, but the parts' clock has no resumeAt`);
    this.name = 'ClockCannotResumeError';
  }
}

/**
 * The records file read at start: a damaged file is logged and set aside; when it is damaged or
 * missing, clusters whose objects are stored (storedClusterIds) get records again, with new tokens.
 */
export function readHostRecords(p: string, opts: { now: () => number; log: (m: string) => void; storedClusterIds?: () => string[] }): ClusterRecord[] {
  const read = readClusterRecords(p, { now: new Date(opts.now()) });
  if (read.damaged) opts.log(`sandbox: the cluster records file ${p} could not be read (${read.damaged.reason})${read.damaged.setAsideAs ? `; it was moved to ${read.damaged.setAsideAs}` : ''}`);
  if (read.skipped > 0) opts.log(`sandbox: ${read.skipped} entries of ${p} were not valid cluster records and were dropped`);
  const records = read.records;
  if ((read.damaged || read.missing) && opts.storedClusterIds) {
    const known = new Set(records.map((r) => r.id));
    const recovered = opts.storedClusterIds().filter((id) => !known.has(id) && /^[A-Za-z0-9_-]{1,64}$/.test(id));
    for (const id of recovered) records.push({ id, token: randomBytes(32).toString('base64url'), workers: 3, createdAt: new Date(opts.now()).toISOString() });
    if (recovered.length > 0) {
      opts.log(`sandbox: ${recovered.length} clusters recovered from the store file with new tokens (their learners' portal sessions keep working; downloaded kubeconfigs must be fetched again)`);
      try {
        writeClusterRecords(p, records);
      } catch (err) {
        // The next save tries again; the recovered records serve meanwhile.
        opts.log(`sandbox: the recovered records could not be written to ${p}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return records;
}

/**
 * Compares two secrets in constant time. Both are hashed first: digests have one length, so the
 * time taken says nothing of how long either secret is (timingSafeEqual needs equal lengths).
 */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** One cluster the host keeps: its record always, the cluster itself while awake. */
interface Slot {
  record: ClusterRecord;
  cluster?: Cluster;
  /** Host wall time of the last request, touch, wake or end of a hold. */
  lastUsed: number;
  holds: number;
  /** Set when the cluster woke with a paused clock; taken once (takePausedSeconds). */
  pausedMs?: number;
}

/** Reads served from the nodes rather than the store: a container's log, exec and attach, a proxy. */
const READS_THE_NODES = /\/(log|exec|attach|portforward|proxy)(\/|$)/;

/**
 * Whether a request needs its cluster's components now rather than from the start queue: a
 * write does (its controllers act on it, and its answer should not wait for a hundred other
 * starts), and so does a read of what the nodes hold. Reading stored objects (the bench's lists
 * and watches, kubectl get) does not.
 */
export function needsComponents(method: string | undefined, path: string): boolean {
  return (method !== 'GET' && method !== 'HEAD') || READS_THE_NODES.test(path);
}

export class SandboxHost {
  private readonly slots = new Map<string, Slot>();
  /** The awake slots, least recently woken first (LRU picks by lastUsed). */
  private readonly awake = new Map<string, Slot>();
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  private idleTimer: ReturnType<typeof setInterval> | undefined;
  /** Woken clusters whose components start on a later turn (startSoon). */
  private readonly startQueue: Cluster[] = [];

  constructor(private readonly opts: SandboxHostOptions) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? ((m) => console.error(m));
    for (const record of this.loadRecords()) this.slots.set(record.id, { record, lastUsed: 0, holds: 0 });
    const every = opts.idleCheckEveryMs ?? (opts.idleMs ? Math.min(60_000, Math.max(1_000, opts.idleMs / 4)) : 0);
    if (every > 0) {
      this.idleTimer = setInterval(() => this.idleCheck(), every);
      this.idleTimer.unref?.();
    }
  }

  private recordsPath(): string | undefined {
    return this.opts.dataDir ? path.join(this.opts.dataDir, RECORDS_FILE) : undefined;
  }

  private loadRecords(): ClusterRecord[] {
    if (this.opts.records) return this.opts.records.initial();
    const p = this.recordsPath();
    return p ? readHostRecords(p, { now: this.now, log: this.log, storedClusterIds: this.opts.storedClusterIds }) : [];
  }

  private saveRecords(): void {
    const records = [...this.slots.values()].map((s) => s.record);
    if (this.opts.reportRecords) this.opts.reportRecords(records);
    if (this.opts.records) return this.opts.records.save(records);
    const p = this.recordsPath();
    if (p) writeClusterRecords(p, records);
  }

  /**
   * Builds the cluster of a slot, its clock resumed from the record, and starts it; with
   * startLater its components start from the start queue (startSoon) instead.
   */
  private load(slot: Slot, startLater = false): Cluster {
    const { record } = slot;
    const parts = this.opts.parts(record);
    if (record.clock) {
      if (!parts.clock.resumeAt) throw new ClockCannotResumeError(record.id);
      parts.clock.resumeAt(record.clock.now, record.clock.scale);
      slot.pausedMs = Math.max(0, this.now() - Date.parse(record.clock.savedAt));
    }
    const cluster = new Cluster({
      id: record.id,
      parts,
      workers: record.workers,
      prefix: `${PREFIX}${record.id}/token-${record.token}`,
      limits: this.opts.limits,
      components: this.opts.components,
      startLater,
    });
    slot.cluster = cluster;
    slot.lastUsed = this.now();
    this.awake.set(record.id, slot);
    if (startLater) this.startSoon(cluster);
    return cluster;
  }

  /**
   * Queues a woken cluster's components to start, one cluster a turn, in the order they woke:
   * a class waking together gets every wake answered first (each costs the store's rows), and
   * the controllers' first syncs come after. On a sandbox worker the starts take the control
   * lane (lib/turns/turns.ts), behind the learners' requests and the work their writes asked
   * for: a hundred starts at about 5 ms each, run as the streams' holds arrived, kept the first
   * Applies of a class coming back waiting half a second. What needs the components now starts
   * its own cluster at once (a request that needsComponents, an operation, an exec, settle,
   * advance; Cluster.start is idempotent); a cluster put to sleep before its turn is skipped
   * (start after close does nothing).
   */
  private startSoon(cluster: Cluster): void {
    this.startQueue.push(cluster);
    if (this.startQueue.length === 1) soonOnThread(() => this.startNext(), 'control');
  }

  private startNext(): void {
    const cluster = this.startQueue.shift();
    if (!cluster) return;
    try {
      cluster.start();
    } catch (err) {
      // A stored object it cannot read (a damaged row, parsed only now): asleep again, the next
      // request or wake loads it anew and fails as a load does, instead of serving half started.
      this.log(`sandbox: cluster ${cluster.id} could not start its components (${err instanceof Error ? err.message : String(err)}); it is put back to sleep`);
      const slot = this.slots.get(cluster.id);
      if (slot?.cluster === cluster) {
        try {
          this.putToSleep(slot);
          this.saveRecords();
        } catch (closeErr) {
          this.log(`sandbox: cluster ${cluster.id} could not be put back to sleep: ${closeErr instanceof Error ? closeErr.message : String(closeErr)}`);
        }
      }
    }
    if (this.startQueue.length > 0) soonOnThread(() => this.startNext(), 'control');
  }

  /** Makes room for one more awake cluster: sleeps the least recently used idle one, or refuses. */
  private makeRoom(): void {
    const max = this.opts.maxActive;
    if (max === undefined || this.awake.size < max) return;
    const minIdle = this.opts.minIdleToEvictMs ?? DEFAULT_MIN_IDLE_TO_EVICT_MS;
    const now = this.now();
    let victim: Slot | undefined;
    for (const slot of this.awake.values()) {
      if (slot.holds > 0 || now - slot.lastUsed < minIdle) continue;
      if (!victim || slot.lastUsed < victim.lastUsed) victim = slot;
    }
    if (!victim) throw new ClassFullError(this.awake.size);
    this.putToSleep(victim);
    this.saveRecords();
  }

  /** Saves the clock with the record, syncs and closes the store, forgets the cluster (records not written). */
  private putToSleep(slot: Slot): void {
    const cluster = slot.cluster!;
    this.saveClock(slot.record, cluster);
    slot.cluster = undefined;
    slot.pausedMs = undefined;
    this.awake.delete(slot.record.id);
    cluster.close();
    // close() wrote what the store still deferred; commit it with everything else queued.
    cluster.sync();
  }

  /** Keeps the clock's time and speed with the record, for a clock that can resume from them. */
  private saveClock(record: ClusterRecord, cluster: Cluster): void {
    if (cluster.clock.resumeAt) record.clock = { ...cluster.clockState(), savedAt: new Date(this.now()).toISOString() };
  }

  private slotOf(id: string): Slot {
    const slot = this.keptSlot(id);
    if (!slot) throw new UnknownClusterError(id);
    return slot;
  }

  /** The slot of a cluster this host keeps, or one made from the shared record store's record (another shard made it). */
  private keptSlot(id: string): Slot | undefined {
    const slot = this.slots.get(id);
    // An id no cluster can have costs no database round trip.
    if (slot || !this.opts.records || !hasClusterIdShape(id)) return slot;
    return this.keepStored(this.opts.records.byId(id));
  }

  private keepStored(record: ClusterRecord | undefined): Slot | undefined {
    if (!record) return undefined;
    const slot: Slot = this.slots.get(record.id) ?? { record, lastUsed: 0, holds: 0 };
    this.slots.set(record.id, slot);
    return slot;
  }

  /**
   * Before a sleeping cluster wakes, its record as the shared store has it now: another shard may
   * have run it and saved a later clock, or deleted it (then UnknownClusterError, and it is forgotten here).
   */
  private refreshFromStore(slot: Slot): void {
    if (!this.opts.records) return;
    const stored = this.opts.records.byId(slot.record.id);
    if (!stored) {
      this.slots.delete(slot.record.id);
      throw new UnknownClusterError(slot.record.id);
    }
    // In place: callers (wake's answer) hold the record object itself.
    if (!stored.clock) delete slot.record.clock;
    Object.assign(slot.record, stored);
  }

  /** The slot's cluster, loaded if it sleeps; started now unless startLater (then from the start queue). */
  private wakeSlot(slot: Slot, startLater = false): Cluster {
    if (slot.cluster) {
      slot.lastUsed = this.now();
      if (!startLater) slot.cluster.start();
      return slot.cluster;
    }
    this.refreshFromStore(slot);
    this.makeRoom();
    return this.load(slot, startLater);
  }

  createCluster(opts: { workers?: number; id?: string; token?: string } = {}): { record: ClusterRecord; cluster: Cluster } {
    if (this.opts.maxClusters !== undefined && this.slots.size >= this.opts.maxClusters) throw new ClusterLimitError(this.opts.maxClusters);
    this.makeRoom();
    const record: ClusterRecord = {
      id: opts.id ?? `c${randomBytes(16).toString('hex')}`,
      token: opts.token ?? randomBytes(32).toString('base64url'),
      workers: opts.workers ?? 3,
      createdAt: new Date(this.now()).toISOString(),
    };
    const slot: Slot = { record, lastUsed: this.now(), holds: 0 };
    const cluster = this.load(slot);
    this.slots.set(record.id, slot);
    this.saveRecords();
    return { record, cluster };
  }

  /**
   * Keeps a cluster whose record another owner made (the main thread, for a sandbox worker):
   * asleep until a request or wake() loads it; a record already kept is left as it is, but for
   * a later clock given to a sleeping one.
   */
  adopt(record: ClusterRecord): void {
    const kept = this.slots.get(record.id);
    if (!kept) this.slots.set(record.id, { record: { ...record }, lastUsed: 0, holds: 0 });
    // Given again after another shard ran it (records-store.ts): a sleeping one takes the later clock.
    else if (!kept.cluster && record.clock && (!kept.record.clock || record.clock.savedAt > kept.record.clock.savedAt)) kept.record = { ...record };
  }

  /**
   * Lets go of a sleeping cluster without touching its stored objects (its record goes back to
   * its owner, which may wake it on another host sharing the store); false when it is awake.
   */
  forget(id: string): boolean {
    const slot = this.slots.get(id);
    if (!slot) return true;
    if (slot.cluster) return false;
    this.slots.delete(id);
    return true;
  }

  /** Whether the host keeps a cluster with this id (awake or asleep). */
  has(id: string): boolean {
    return this.keptSlot(id) !== undefined;
  }

  /** The record of a kept cluster (awake or asleep), without loading it; undefined when unknown. */
  record(id: string): ClusterRecord | undefined {
    return this.keptSlot(id)?.record;
  }

  /** A cluster that is awake now, without waking it (undefined when unknown or asleep): for views that must not wake a class. */
  getCluster(id: string): { record: ClusterRecord; cluster: Cluster } | undefined {
    const slot = this.slots.get(id);
    return slot?.cluster ? { record: slot.record, cluster: slot.cluster } : undefined;
  }

  /**
   * The cluster, loaded if it sleeps, and marked used now. Throws UnknownClusterError, and
   * ClassFullError when it sleeps and no awake cluster can be put to sleep for it. startLater
   * (the fronts' wake, which only answers that it is awake): a sleeping cluster's components
   * start from the start queue rather than before the answer.
   */
  wake(id: string, opts: { startLater?: boolean } = {}): { record: ClusterRecord; cluster: Cluster } {
    const slot = this.slotOf(id);
    return { record: slot.record, cluster: this.wakeSlot(slot, opts.startLater) };
  }

  isAwake(id: string): boolean {
    return Boolean(this.slots.get(id)?.cluster);
  }

  awakeCount(): number {
    return this.awake.size;
  }

  /** Marks a cluster used now (it stays awake idleMs from now); unknown or sleeping ids are ignored. */
  touch(id: string): void {
    const slot = this.slots.get(id);
    if (slot?.cluster) slot.lastUsed = this.now();
  }

  /**
   * Keeps a cluster awake (waking it if it sleeps) until the returned release is called: for
   * whatever lasts longer than a request (a watch, exec, the bench's stream, a terminal run).
   * Releasing counts as a use; releasing twice releases once.
   */
  hold(id: string): () => void {
    const slot = this.slotOf(id);
    // Awake is enough to hold: the components start from the queue, or at once for what needs them.
    this.wakeSlot(slot, true);
    return this.holdSlot(slot);
  }

  /** Holds an awake slot's cluster until the returned release is called (hold, once woken). */
  private holdSlot(slot: Slot): () => void {
    slot.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      slot.holds--;
      slot.lastUsed = this.now();
    };
  }

  /**
   * How long the cluster's clock was paused before its last wake, in whole seconds, once: the
   * portal tells the learner; undefined when there is nothing (new) to tell.
   */
  takePausedSeconds(id: string): number | undefined {
    const slot = this.slots.get(id);
    if (!slot || slot.pausedMs === undefined) return undefined;
    const seconds = Math.round(slot.pausedMs / 1000);
    slot.pausedMs = undefined;
    return seconds;
  }

  /** Puts an awake cluster that nothing holds to sleep now; false when it is held or not awake. */
  sleep(id: string): boolean {
    const slot = this.slotOf(id);
    if (!slot.cluster || slot.holds > 0) return false;
    this.putToSleep(slot);
    this.saveRecords();
    return true;
  }

  /** Puts every awake cluster unused for idleMs and not held to sleep; returns their ids. */
  sleepIdle(): string[] {
    const idleMs = this.opts.idleMs;
    if (idleMs === undefined) return [];
    const now = this.now();
    const slept: string[] = [];
    for (const slot of [...this.awake.values()]) {
      if (slot.holds > 0 || now - slot.lastUsed < idleMs) continue;
      this.putToSleep(slot);
      slept.push(slot.record.id);
    }
    // The awake ones' clocks are saved too, so a crash sets a clock back by one check at most.
    for (const slot of this.awake.values()) this.saveClock(slot.record, slot.cluster!);
    if (slept.length > 0 || this.awake.size > 0) this.saveRecords();
    return slept;
  }

  /** The timer's idle check: a failure (disk full) is logged and tried again next time. */
  private idleCheck(): void {
    try {
      this.sleepIdle();
    } catch (err) {
      this.log(`sandbox: the idle check failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  listClusters(): ClusterRecord[] {
    return [...this.slots.values()].map((s) => s.record);
  }

  deleteCluster(id: string): void {
    const slot = this.slotOf(id);
    // Its objects go too: a reset makes a new cluster, and the old one's rows would stay forever.
    if (slot.cluster) {
      slot.cluster.destroy();
    } else {
      // A sleeping cluster's stored objects are reached through a store built for it, not a cluster.
      const parts = this.opts.parts(slot.record);
      if (parts.store.drop) parts.store.drop();
      else parts.store.close?.();
      parts.clock.dispose?.();
    }
    slot.cluster = undefined;
    this.awake.delete(id);
    this.slots.delete(id);
    this.opts.records?.remove(id);
    this.saveRecords();
  }

  /**
   * The server URL for a kubeconfig; does not wake the cluster. Over http the token is in the
   * path (see the file comment); over https kubectl sends it as a bearer header, so the URL is the
   * bare base and every client reaches the Kubernetes root paths.
   */
  serverURL(base: string, id: string): string {
    return clusterServerURL(base, this.slotOf(id).record);
  }

  /** The certificate kubeconfigs pin when the port speaks TLS; undefined for plain http only. */
  kubeconfigTls(): KubeconfigTls | undefined {
    return this.opts.tls;
  }

  /** Serves /k8s/* requests and tokened Kubernetes root paths; returns false for anything else (the caller's to serve). */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (!this.claims(req, url.pathname)) return false;
    try {
      const { slot, rest } = this.authenticate(req, url.pathname);
      const cluster = this.wakeSlot(slot, !needsComponents(req.method, rest));
      // A request holds its cluster until its response ends: a watch or `logs -f` keeps it awake.
      const release = this.holdSlot(slot);
      res.once('close', release);
      res.once('finish', release);
      void cluster.handle(req, res, rest, url.searchParams);
    } catch (err) {
      sendError(res, err);
    }
    return true;
  }

  /** WebSocket upgrades (pods/exec) under /k8s/*; returns false for anything else. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (!this.claims(req, url.pathname)) return false;
    try {
      const { slot, rest } = this.authenticate(req, url.pathname);
      const cluster = this.wakeSlot(slot);
      // An exec session holds its cluster until its socket closes.
      const release = this.holdSlot(slot);
      socket.once('close', release);
      cluster.api.handleUpgrade(req, socket, head, rest, url.searchParams);
    } catch (e) {
      const se = e instanceof StatusError ? e : errors.internal(String(e));
      const retry = se.details?.retryAfterSeconds ? `Retry-After: ${se.details.retryAfterSeconds}\r\n` : '';
      const body = JSON.stringify(se.toStatus());
      socket.end(`HTTP/1.1 ${se.code} ${se.reason}\r\nContent-Type: application/json\r\n${retry}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    }
    return true;
  }

  /**
   * Whether a request is the sandbox's: everything under /k8s/, and Kubernetes root paths
   * (root-paths.ts) that carry a bearer token. Without a token a root path stays the portal's.
   */
  private claims(req: IncomingMessage, pathname: string): boolean {
    return claimsSandboxRequest(pathname, req.headers.authorization);
  }

  /** The cluster whose token this is, comparing with every record in constant time; undefined for none. */
  private slotByToken(presented: string): Slot | undefined {
    let found: Slot | undefined;
    for (const slot of this.slots.values()) if (sameSecret(presented, slot.record.token)) found = slot;
    return found ?? (this.opts.records ? this.keepStored(this.opts.records.byToken(presented)) : undefined);
  }

  /** Checks the token against the record only: a wrong guess never loads a cluster. */
  private authenticate(req: IncomingMessage, pathname: string): { slot: Slot; rest: string } {
    const target = requestTarget(pathname, req.headers.authorization);
    // A root path: the bearer token alone names the cluster (claims() made sure there is one).
    const slot = target.id === undefined ? this.slotByToken(target.presented ?? '') : this.keptSlot(target.id);
    // Unknown id and wrong token answer the same, so ids cannot be probed.
    if (!slot || target.presented === undefined || !sameSecret(target.presented, slot.record.token)) throw errors.unauthorized();
    return { slot, rest: target.rest };
  }

  /** Stops every cluster; awake ones are put to sleep (clock saved), so the next start resumes them. */
  close(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = undefined;
    for (const slot of [...this.awake.values()]) this.putToSleep(slot);
    this.saveRecords();
  }
}

/**
 * Whether a request is the sandbox's: everything under /k8s/, and Kubernetes root paths
 * (root-paths.ts) that carry a bearer token. Without a token a root path stays the portal's.
 */
export function claimsSandboxRequest(pathname: string, authorization: string | undefined): boolean {
  if (pathname.startsWith(PREFIX)) return true;
  return isKubernetesRootPath(pathname) && bearerToken(authorization) !== undefined;
}

/**
 * What a sandbox request names: the cluster id (undefined at a root path, where the bearer
 * token alone names it), the token it presents (path segment or bearer header) and the path
 * inside the cluster. The caller compares the token with the record's in constant time.
 */
export function requestTarget(pathname: string, authorization: string | undefined): { id?: string; presented?: string; rest: string } {
  if (!pathname.startsWith(PREFIX)) return { presented: bearerToken(authorization), rest: pathname };
  const afterPrefix = pathname.slice(PREFIX.length);
  const slash = afterPrefix.indexOf('/');
  const id = slash < 0 ? afterPrefix : afterPrefix.slice(0, slash);
  const rest = slash < 0 ? '/' : afterPrefix.slice(slash);
  const m = rest.match(/^\/token-([A-Za-z0-9_-]+)(\/.*)?$/);
  if (m) return { id, presented: m[1], rest: m[2] ?? '/' };
  return { id, presented: bearerToken(authorization), rest };
}

/** A cluster's path on the host (what its server URL names over http, before the token). */
export function clusterPath(id: string): string {
  return `${PREFIX}${id}`;
}

/**
 * The server URL for a kubeconfig. Over http the token is in the path (see the file comment);
 * over https kubectl sends it as a bearer header, so the URL is the bare base and every client
 * reaches the Kubernetes root paths.
 */
export function clusterServerURL(base: string, record: Pick<ClusterRecord, 'id' | 'token'>): string {
  const trimmed = base.replace(/\/$/, '');
  if (trimmed.startsWith('https://')) return trimmed;
  return `${trimmed}${PREFIX}${record.id}/token-${record.token}`;
}

/** How a kubeconfig trusts the sandbox's self-signed certificate (self-signed-cert.ts). */
export interface KubeconfigTls {
  caPem: string;
  /** The certificate's one DNS name, checked whatever host the server URL names. */
  serverName: string;
}

/**
 * A kubeconfig file's text (YAML) for kubectl: server URL, token and, with tls, the pinned
 * certificate. An https server without tls is trusted as the system trusts it (the certificate
 * of an ingress in front of shards: shard-kubeconfig.ts).
 */
export function kubeconfigYaml(server: string, token: string, name: string, tls?: KubeconfigTls): string {
  const trust = !server.startsWith('https://')
    ? `    # client-node refuses http:// unless this is set; kubectl ignores it for http.
    insecure-skip-tls-verify: true
`
    : tls
      ? `    certificate-authority-data: ${Buffer.from(tls.caPem).toString('base64')}
    tls-server-name: ${tls.serverName}
`
      : '';
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: ${server}
${trust}users:
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

