/**
 * The workstations of this process, one per learner: made on a learner's first command, closed
 * (files saved, shell and background jobs ended) after IDLE_MS without a command, and the least
 * recently used idle one is closed when MAX_WORKSTATIONS are open (KUBELAB_MAX_WORKSTATIONS).
 */
import path from 'node:path';
import { FileHomeStore, type HomeStore } from './home-store';
import { DbHomeStore } from './db-home-store';
import type { LearnerDb } from '../learners/db';
import { Workstation, type WorkstationBinding } from './workstation';

export const IDLE_MS = 30 * 60_000;

export class WorkstationsFullError extends Error {
  constructor(readonly max: number) {
    super(`all ${max} workstations of this server are busy running commands; try again in a minute`);
    this.name = 'WorkstationsFullError';
  }
}

export class WorkstationRegistry {
  private readonly open = new Map<string, Workstation>();
  private sweeper?: ReturnType<typeof setInterval>;

  constructor(
    private readonly home: HomeStore,
    readonly max = Number(process.env.KUBELAB_MAX_WORKSTATIONS ?? 300),
    private readonly now: () => number = Date.now,
  ) {}

  /** The learner's workstation, bound to this request's session. */
  get(learnerId: string, binding: WorkstationBinding): Workstation {
    let ws = this.open.get(learnerId);
    if (ws) {
      // Most recently used last: Map keeps insertion order.
      this.open.delete(learnerId);
    } else {
      if (this.open.size >= this.max) this.evictOne();
      ws = new Workstation(learnerId, this.home, binding);
    }
    ws.binding = binding;
    this.open.set(learnerId, ws);
    this.sweeper ??= setInterval(() => this.sweep(), 60_000).unref?.() as unknown as ReturnType<typeof setInterval>;
    return ws;
  }

  private evictOne(): void {
    for (const [id, ws] of this.open) {
      if (ws.running) continue;
      ws.close();
      this.open.delete(id);
      return;
    }
    throw new WorkstationsFullError(this.max);
  }

  /** Closes workstations idle for IDLE_MS. */
  sweep(): void {
    const now = this.now();
    for (const [id, ws] of this.open) {
      if (!ws.running && now - ws.lastUsed > IDLE_MS) {
        ws.close();
        this.open.delete(id);
      }
    }
  }

  get size(): number {
    return this.open.size;
  }

  closeAll(): void {
    for (const ws of this.open.values()) ws.close();
    this.open.clear();
  }
}

let registry: WorkstationRegistry | undefined;

/**
 * The process's workstations. Homes are files in the data directory on one machine; on shards
 * (the learners' database is PostgreSQL) they are in that database, so a learner whose cluster
 * moved to another shard finds the home they last closed there.
 */
export function workstations(dataDir: string, db?: LearnerDb): WorkstationRegistry {
  registry ??= new WorkstationRegistry(db?.dialect === 'postgres' ? new DbHomeStore(db) : new FileHomeStore(path.join(dataDir, 'workstations')));
  return registry;
}
