/** What the store needs from a durable backend (see sqlite-persistence.ts). */
import type { KubeObject } from '../types';

export interface PersistedObject {
  key: string;
  group: string;
  resource: string;
  object: KubeObject;
}

/** A stored object as its row keeps it: the object's JSON text, not yet parsed. */
export interface EncodedObject {
  key: string;
  group: string;
  resource: string;
  json: string;
}

export interface StorePersistence {
  /** All objects and the resourceVersion counter of this cluster (0 when new). */
  load(): { objects: PersistedObject[]; resourceVersion: number };
  /**
   * load, with each object's JSON text as stored (optional): the store parses an object when it
   * is first read, so a waking cluster answers once its rows are read (a backend that keeps
   * parsed objects, or none, leaves it out and load() serves).
   */
  loadEncoded?(): { objects: EncodedObject[]; resourceVersion: number };
  /**
   * One mutation. Write-through backends write it before returning; group-commit ones queue it
   * and keep entry.object as given (the store passes versions it freezes at once). Throws
   * when it cannot be taken, and the store then refuses the write. created: the object did not
   * exist before this write (a group commit then need not write it at all if it is removed
   * before the commit).
   */
  put(entry: PersistedObject, resourceVersion: number, created?: boolean): void;
  remove(key: string, resourceVersion: number): void;
  /** Commits what put and remove queued (group commit); optional, write-through has nothing to do. */
  sync?(): void;
  /**
   * Commits like sync, but on a later turn and once for every caller of that turn: the
   * answers of many requests in flight share one transaction (one fsync) instead of one each.
   * Resolves when what was queued before the call is on disk; rejects as sync throws. Optional
   * (sync is the fallback).
   */
  syncSoon?(): Promise<void>;
  /** Deletes everything kept for this cluster (the cluster itself was deleted); optional. */
  drop?(): void;
  close(): void;
}
