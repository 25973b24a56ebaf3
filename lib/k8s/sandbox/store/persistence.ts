/** What the store needs from a durable backend (see sqlite-persistence.ts). */
import type { KubeObject } from '../types';

export interface PersistedObject {
  key: string;
  group: string;
  resource: string;
  object: KubeObject;
}

export interface StorePersistence {
  /** All objects and the resourceVersion counter of this cluster (0 when new). */
  load(): { objects: PersistedObject[]; resourceVersion: number };
  /** One mutation, written before the store confirms it (write-through). */
  put(entry: PersistedObject, resourceVersion: number): void;
  remove(key: string, resourceVersion: number): void;
  close(): void;
}
