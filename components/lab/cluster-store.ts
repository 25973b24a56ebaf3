'use client';

/**
 * The learner's cluster in the browser: one EventSource on /api/lab/stream folded by the
 * pure reducer, outside React; components subscribe with useSyncExternalStore. EventSource
 * reconnects by itself and sends Last-Event-ID (the resume cursor), so a dropped connection
 * loses no update.
 */
import { useSyncExternalStore } from 'react';
import { reduceCluster, type ClusterEvent, type ClusterState } from '@/lib/k8s/watch/reducer';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'failed';

interface Snapshot {
  state: ClusterState;
  connection: Connection;
  error?: string;
}

class ClusterStore {
  private snapshot: Snapshot = { state: {}, connection: 'connecting' };
  private readonly listeners = new Set<() => void>();
  private source: EventSource | undefined;
  private pending: ClusterEvent[] = [];
  private frame: number | undefined;

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    if (!this.source) this.open();
    return () => {
      this.listeners.delete(cb);
    };
  };

  get = (): Snapshot => this.snapshot;

  /** After a cluster reset: forget everything and stream the new cluster from scratch. */
  restart(): void {
    this.source?.close();
    this.source = undefined;
    this.set({ state: {}, connection: 'connecting' });
    this.open();
  }

  private set(next: Snapshot): void {
    this.snapshot = next;
    for (const l of this.listeners) l();
  }

  private open(): void {
    const es = new EventSource('/api/lab/stream');
    this.source = es;
    es.onopen = () => this.set({ ...this.snapshot, connection: 'live', error: undefined });
    es.onerror = () => this.set({ ...this.snapshot, connection: es.readyState === EventSource.CLOSED ? 'failed' : 'reconnecting' });
    es.addEventListener('failure', (e) => {
      const message = (JSON.parse((e as MessageEvent<string>).data) as { message?: string }).message;
      this.set({ ...this.snapshot, error: message });
    });
    es.onmessage = (e: MessageEvent<string>) => {
      this.pending.push(JSON.parse(e.data) as ClusterEvent);
      // Fold a burst of events into one render per frame.
      this.frame ??= requestAnimationFrame(() => this.flush());
    };
  }

  private flush(): void {
    this.frame = undefined;
    const events = this.pending;
    this.pending = [];
    let state = this.snapshot.state;
    for (const ev of events) state = reduceCluster(state, ev);
    this.set({ ...this.snapshot, state });
  }
}

export const clusterStore = new ClusterStore();

const EMPTY: Snapshot = { state: {}, connection: 'connecting' };

export function useCluster(): Snapshot {
  return useSyncExternalStore(clusterStore.subscribe, clusterStore.get, () => EMPTY);
}
