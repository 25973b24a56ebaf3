/**
 * The SandboxFront over worker threads. The main thread keeps what must answer at once and stay
 * consistent: the records (ids, tokens, the records file with its atomic writes and damage set
 * aside: readHostRecords/writeClusterRecords), the token check (a wrong guess never reaches a
 * worker), the cap on kept clusters, and the HTTP front. Each cluster lives on exactly one
 * worker (placement.ts), whose own SandboxHost loads, runs, sleeps and wakes it: the awake limit
 * and the least-recently-used choice are per worker (maxActive split evenly), and a sleeping
 * cluster whose worker is full wakes on another with room, so a class is full only when every
 * worker is. A worker reports
 * its clusters' clocks when it saves them; the main thread writes them to the records file.
 *
 * A worker that stops (a crash, an out-of-memory kill) is reported and started again: what was
 * in flight on it ends clearly (worker-link.ts), and its clusters wake on the new one from the
 * store and their last saved clocks, as after a restart of the portal.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { errors, type StatusError } from '../errors';
import { sendError } from '../apiserver/respond';
import { claimsSandboxRequest, clusterServerURL, ClusterLimitError, readHostRecords, requestTarget, sameSecret, UnknownClusterError, RECORDS_FILE, type KubeconfigTls } from '../host';
import { hasClusterIdShape, writeClusterRecords, type ClusterRecord } from '../records-file';
import type { ClusterRecordStore } from '../records-store';
import type { ClusterNetwork, Listener } from '../network/types';
import type { ClusterOperation, SandboxFront, StreamSink } from './front';
import type { FromWorker } from './protocol';
import { hashedWorker, workersByLoad } from './placement';
import { WorkerLink, type WorkerPort } from './worker-link';

/** A worker's refusal for want of an awake slot (matched by name: it crossed a thread). */
function isClassFull(err: unknown): boolean {
  return (err as { name?: unknown } | undefined)?.name === 'ClassFullError';
}

/** A started worker: its port, and how it tells that it stopped. */
export interface StartedWorker extends WorkerPort {
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  terminate(): Promise<number>;
}

export interface WorkerSandboxOptions {
  workers: number;
  /** Starts worker `index` (a new start each time it is called: after a crash too). */
  start: (index: number) => StartedWorker;
  dataDir?: string;
  tls?: KubeconfigTls;
  /** Clusters kept, awake or asleep: past it createCluster refuses (ClusterLimitError). */
  maxClusters?: number;
  /** Rebuild records from the store when the records file is damaged (SandboxHost's option). */
  storedClusterIds?: () => string[];
  now?: () => number;
  log?: (message: string) => void;
  /** How long a crashed worker waits before it starts again, by crashes in a row (default 100 ms doubling, at most 10 s). */
  restartDelayMs?: (crashesInARow: number) => number;
  /** How long a workstation's name lookup or dial waits for the worker (default 2 s). */
  syncCallTimeoutMs?: number;
  /** Where the records are kept instead of the data directory's file: PostgreSQL for shards (SandboxHost's option). */
  records?: ClusterRecordStore;
}

/** The main thread's record of a cluster: the record, and its place. */
interface Entry {
  record: ClusterRecord;
  worker: number;
}

export class WorkerSandboxFront implements SandboxFront {
  private readonly entries = new Map<string, Entry>();
  /** Clusters placed on each worker. */
  private readonly placed: number[] = [];
  private readonly links: WorkerLink[] = [];
  private readonly started: StartedWorker[] = [];
  private readonly crashes: number[] = [];
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  private nextHold = 1;
  /** Paused times the worker gave with a wake's answer, until takePausedSeconds takes them. */
  private readonly pausedSeconds = new Map<string, number>();
  private closing = false;
  /** Resolves when every worker has said it is ready (tests and the bench wait for it). */
  readonly ready: Promise<void>;
  private readonly readyWaits: (() => void)[] = [];

  constructor(private readonly opts: WorkerSandboxOptions) {
    if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new RangeError(`workers: expected a whole number of at least 1, got ${opts.workers}`);
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? ((m) => console.error(m));
    const p = this.recordsPath();
    const records = opts.records ? opts.records.initial() : p ? readHostRecords(p, { now: this.now, log: this.log, storedClusterIds: opts.storedClusterIds }) : [];
    for (let i = 0; i < opts.workers; i++) this.placed.push(0);
    for (const record of records) {
      const worker = hashedWorker(record.id, opts.workers);
      this.entries.set(record.id, { record, worker });
      this.placed[worker]++;
    }
    const readies: Promise<void>[] = [];
    for (let i = 0; i < opts.workers; i++) {
      this.crashes.push(0);
      readies.push(new Promise<void>((resolve) => (this.readyWaits[i] = resolve)));
      this.startWorker(i);
    }
    this.ready = Promise.all(readies).then(() => undefined);
  }

  /** How many workers the clusters are spread over. */
  get workerCount(): number {
    return this.opts.workers;
  }

  /** Which worker a cluster lives on now (tests, the bench). */
  workerOf(id: string): number {
    return this.entryOf(id).worker;
  }

  private recordsPath(): string | undefined {
    return this.opts.dataDir ? path.join(this.opts.dataDir, RECORDS_FILE) : undefined;
  }

  private saveRecords(): void {
    if (this.opts.records) return this.opts.records.save([...this.entries.values()].map((e) => e.record));
    const p = this.recordsPath();
    if (p) writeClusterRecords(p, [...this.entries.values()].map((e) => e.record));
  }

  private startWorker(index: number): void {
    const worker = this.opts.start(index);
    const link = new WorkerLink(index, worker);
    this.started[index] = worker;
    this.links[index] = link;
    worker.on('message', (m: FromWorker) => {
      if (m.t === 'ready') {
        this.crashes[index] = 0;
        this.readyWaits[index]?.();
      } else if (m.t === 'records') this.takeClocks(m.records);
    });
    let gone = false;
    const stopped = (detail: string) => {
      if (gone) return;
      gone = true;
      link.stop(detail);
      if (this.closing) return;
      const crashes = ++this.crashes[index];
      const delay = (this.opts.restartDelayMs ?? ((n) => Math.min(10_000, 100 * 2 ** (n - 1))))(crashes);
      this.log(`sandbox: worker ${index} stopped (${detail}); starting it again in ${delay} ms, its clusters wake from the store`);
      setTimeout(() => {
        if (!this.closing) this.startWorker(index);
      }, delay).unref?.();
    };
    worker.on('error', (err) => stopped(`error: ${err.message}`));
    worker.on('exit', (code) => stopped(`exit code ${code}`));
  }

  /** A worker saved its clusters' clocks (slept, idle check, stop): they go into the records file. */
  private takeClocks(records: ClusterRecord[]): void {
    let changed = false;
    for (const r of records) {
      const entry = this.entries.get(r.id);
      // A worker reports all its records at each save; only a clock saved anew is written.
      if (!entry || !r.clock || entry.record.clock?.savedAt === r.clock.savedAt) continue;
      entry.record.clock = r.clock;
      changed = true;
    }
    if (!changed) return;
    try {
      this.saveRecords();
    } catch (err) {
      this.log(`sandbox: the records file could not be written: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private entryOf(id: string): Entry {
    const entry = this.keptEntry(id);
    if (!entry) throw new UnknownClusterError(id);
    return entry;
  }

  /** The entry of a cluster kept here, or one made from the shared record store's record (another shard made it). */
  private keptEntry(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    // An id no cluster can have costs no database round trip.
    if (entry || !this.opts.records || !hasClusterIdShape(id)) return entry;
    return this.keepStored(this.opts.records.byId(id));
  }

  /** A stored record placed on its worker, as the records read at start are. */
  private keepStored(record: ClusterRecord | undefined): Entry | undefined {
    if (!record) return undefined;
    const kept = this.entries.get(record.id);
    if (kept) return kept;
    const entry: Entry = { record, worker: hashedWorker(record.id, this.opts.workers) };
    this.entries.set(record.id, entry);
    this.placed[entry.worker]++;
    return entry;
  }

  /** The link to the worker a cluster lives on, its record given to it. */
  private linkOf(entry: Entry): WorkerLink {
    const link = this.links[entry.worker];
    link.adopt(entry.record);
    return link;
  }

  has(id: string): boolean {
    return this.keptEntry(id) !== undefined;
  }

  record(id: string): ClusterRecord | undefined {
    return this.keptEntry(id)?.record;
  }

  async createCluster(opts: { workers?: number; id?: string } = {}): Promise<ClusterRecord> {
    if (this.opts.maxClusters !== undefined && this.entries.size >= this.opts.maxClusters) throw new ClusterLimitError(this.opts.maxClusters);
    const record: ClusterRecord = {
      id: opts.id ?? `c${randomBytes(16).toString('hex')}`,
      token: randomBytes(32).toString('base64url'),
      workers: opts.workers ?? 3,
      createdAt: new Date(this.now()).toISOString(),
    };
    // Made on a worker first, the least loaded with room: a full class refuses before any record exists (as SandboxHost.createCluster).
    let refusal: unknown;
    for (const worker of workersByLoad(this.placed)) {
      try {
        await this.links[worker].call({ method: 'create', record });
      } catch (err) {
        if (!isClassFull(err)) throw err;
        refusal = err;
        continue;
      }
      const entry: Entry = { record, worker };
      this.links[worker].adopt(record);
      this.entries.set(record.id, entry);
      this.placed[worker]++;
      this.saveRecords();
      return record;
    }
    throw refusal;
  }

  /**
   * Runs fn with the link to the cluster's worker. When that worker is full (ClassFullError) and
   * the cluster sleeps there, the cluster moves to the next worker with room (the store is
   * shared) and fn runs there; the class is full only when no worker has room.
   */
  private async onItsWorker<T>(entry: Entry, fn: (link: WorkerLink) => Promise<T>): Promise<T> {
    let refusal: unknown;
    try {
      return await fn(this.linkOf(entry));
    } catch (err) {
      if (!isClassFull(err)) throw err;
      refusal = err;
    }
    for (const worker of workersByLoad(this.placed)) {
      if (worker === entry.worker) continue;
      const from = this.links[entry.worker];
      if (!(await from.call({ method: 'forget', clusterId: entry.record.id }))) throw refusal;
      from.forget(entry.record.id);
      this.placed[entry.worker]--;
      this.placed[worker]++;
      entry.worker = worker;
      try {
        return await fn(this.linkOf(entry));
      } catch (err) {
        if (!isClassFull(err)) throw err;
        refusal = err;
      }
    }
    throw refusal;
  }

  async wake(id: string): Promise<ClusterRecord> {
    const entry = this.entryOf(id);
    const paused = await this.onItsWorker(entry, (link) => link.call({ method: 'wake', clusterId: id }));
    if (typeof paused === 'number') this.pausedSeconds.set(id, paused);
    return entry.record;
  }

  async hold(id: string): Promise<() => void> {
    const entry = this.entryOf(id);
    const holdId = this.nextHold++;
    const link = await this.onItsWorker(entry, async (l) => {
      await l.call({ method: 'hold', clusterId: id, holdId });
      return l;
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      link.release(holdId);
    };
  }

  touch(id: string): void {
    const entry = this.entries.get(id);
    if (entry) this.linkOf(entry).touch(id);
  }

  async takePausedSeconds(id: string): Promise<number | undefined> {
    // A wake's answer brought it (a session opens with a wake, then asks): no second call.
    const taken = this.pausedSeconds.get(id);
    if (taken !== undefined) {
      this.pausedSeconds.delete(id);
      return taken;
    }
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    return (await this.linkOf(entry).call({ method: 'paused', clusterId: id })) as number | undefined;
  }

  async deleteCluster(id: string): Promise<void> {
    const entry = this.entryOf(id);
    const link = this.linkOf(entry);
    await link.call({ method: 'delete', clusterId: id });
    link.forget(id);
    this.entries.delete(id);
    this.pausedSeconds.delete(id);
    this.placed[entry.worker]--;
    this.opts.records?.remove(id);
    this.saveRecords();
  }

  listClusters(): ClusterRecord[] {
    return [...this.entries.values()].map((e) => e.record);
  }

  serverURL(base: string, id: string): string {
    return clusterServerURL(base, this.entryOf(id).record);
  }

  kubeconfigTls(): KubeconfigTls | undefined {
    return this.opts.tls;
  }

  async run(id: string, operation: ClusterOperation, opts: { ifAwake?: boolean } = {}): Promise<unknown> {
    const entry = this.entryOf(id);
    if (opts.ifAwake) return this.linkOf(entry).call({ method: 'run', clusterId: id, operation, ifAwake: true });
    return this.onItsWorker(entry, (link) => link.call({ method: 'run', clusterId: id, operation, ifAwake: false }));
  }

  /** A named stream on the cluster's worker; the caller holds the cluster awake (hold) first. */
  stream(id: string, stream: ClusterOperation, sink: StreamSink): () => void {
    return this.linkOf(this.entryOf(id)).openStream(id, stream, sink);
  }

  /**
   * The cluster's network, reached on its worker: names and dials are answered synchronously
   * (the shell's network calls return at once: sync-call.ts), connections asynchronously.
   */
  network(id: string): ClusterNetwork | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const timeout = this.opts.syncCallTimeoutMs ?? 2000;
    const link = () => this.linkOf(entry);
    return {
      resolve: (name, namespace) => link().callNow(`resolve ${name}`, { method: 'network', clusterId: id, call: { fn: 'resolve', name, namespace } }, timeout) as ReturnType<ClusterNetwork['resolve']>,
      dial: (ip, port, from) => {
        const answer = link().callNow(`dial ${ip}:${port}`, { method: 'network', clusterId: id, call: { fn: 'dial', ip, port, from } }, timeout) as string | { listener: number; port: number; http: boolean; tcp: boolean };
        if (typeof answer === 'string') return answer as ReturnType<ClusterNetwork['dial']>;
        const l: Listener = { port: answer.port };
        const w = link();
        if (answer.http) l.http = async (req, from2) => (await w.call({ method: 'network', clusterId: id, call: { fn: 'http', listener: answer.listener, req, from: from2 } })) as Awaited<ReturnType<NonNullable<Listener['http']>>>;
        if (answer.tcp) l.tcp = async (data, from2) => (await w.call({ method: 'network', clusterId: id, call: { fn: 'tcp', listener: answer.listener, data, from: from2 } })) as string;
        return l;
      },
      // A workstation listens nowhere (workstation.ts); pods listen on their own worker.
      listen: () => () => undefined,
    };
  }

  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const pathname = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
    if (!claimsSandboxRequest(pathname, req.headers.authorization)) return false;
    try {
      this.linkOf(this.authenticate(req, pathname)).forwardRequest(req, res);
    } catch (err) {
      sendError(res, err);
    }
    return true;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const pathname = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
    if (!claimsSandboxRequest(pathname, req.headers.authorization)) return false;
    let entry: Entry;
    try {
      entry = this.authenticate(req, pathname);
    } catch (e) {
      const se = e as StatusError;
      const body = JSON.stringify(se.toStatus());
      socket.end(`HTTP/1.1 ${se.code} ${se.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return true;
    }
    this.linkOf(entry).forwardUpgrade(req, socket, head);
    return true;
  }

  /** The token checked against the main thread's records, in constant time (as SandboxHost's): a wrong guess reaches no worker. */
  private authenticate(req: IncomingMessage, pathname: string): Entry {
    const target = requestTarget(pathname, req.headers.authorization);
    let entry: Entry | undefined;
    if (target.id === undefined) {
      for (const e of this.entries.values()) if (sameSecret(target.presented ?? '', e.record.token)) entry = e;
      if (!entry && this.opts.records) entry = this.keepStored(this.opts.records.byToken(target.presented ?? ''));
    } else {
      entry = this.keptEntry(target.id);
    }
    if (!entry || target.presented === undefined || !sameSecret(target.presented, entry.record.token)) throw errors.unauthorized();
    return entry;
  }

  /** Each worker puts its awake clusters to sleep (clocks saved and reported), then stops. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.links.map(async (link, i) => {
        try {
          if (link.alive) await link.call({ method: 'close' });
        } catch (err) {
          this.log(`sandbox: worker ${i} could not save its clusters on close: ${err instanceof Error ? err.message : String(err)}`);
        }
        await this.started[i].terminate();
      }),
    );
  }

  /** Requests, sockets and calls in flight to the workers (tests, the bench). */
  inFlight(): number {
    return this.links.reduce((n, l) => n + l.inFlight(), 0);
  }

  /** Ends a worker as a crash would (tests of the restart). */
  async crashWorker(index: number): Promise<void> {
    await this.started[index].terminate();
  }
}
