/**
 * Which sandbox cluster a learner owns. The first visit creates one; the mapping survives
 * restarts (the sandbox host persists the cluster, this table the ownership); a cluster that
 * disappeared (deleted by an instructor, or a reset) is replaced on the next request. A cluster
 * that sleeps still exists: the provider answers from the host's records without loading it.
 */
import type { LearnerDb } from './db';

export interface ClusterProvider {
  /** Kept by the host, awake or asleep. */
  exists(id: string): boolean;
  /** A new cluster's id (asynchronous when the cluster is made on a sandbox worker thread). */
  create(): string | Promise<string>;
  remove(id: string): void | Promise<void>;
}

/**
 * Creations in progress, per database and learner: two requests of a new learner arriving
 * together (the bench opens its session and its stream at once) get the same cluster, not two.
 */
const creating = new WeakMap<LearnerDb, Map<string, Promise<string>>>();

export function clusterOf(db: LearnerDb, learnerId: string): string | undefined {
  return db.prepare<[string], { cluster_id: string }>('SELECT cluster_id FROM learner_clusters WHERE learner_id = ?').get(learnerId)?.cluster_id;
}

export async function ensureCluster(db: LearnerDb, learnerId: string, provider: ClusterProvider, now = new Date()): Promise<string> {
  const existing = clusterOf(db, learnerId);
  if (existing && provider.exists(existing)) return existing;
  let inProgress = creating.get(db);
  if (!inProgress) creating.set(db, (inProgress = new Map()));
  const pending = inProgress.get(learnerId);
  if (pending) return pending;
  const made = (async () => {
    const id = await provider.create();
    db.prepare('INSERT INTO learner_clusters (learner_id, cluster_id, created_at) VALUES (?, ?, ?) ON CONFLICT(learner_id) DO UPDATE SET cluster_id = excluded.cluster_id, created_at = excluded.created_at')
      .run(learnerId, id, now.toISOString());
    return id;
  })();
  inProgress.set(learnerId, made);
  try {
    return await made;
  } finally {
    inProgress.delete(learnerId);
  }
}

/** "Reset cluster": the old one is removed and a fresh one assigned. */
export async function resetCluster(db: LearnerDb, learnerId: string, provider: ClusterProvider, now = new Date()): Promise<string> {
  const existing = clusterOf(db, learnerId);
  if (existing && provider.exists(existing)) await provider.remove(existing);
  db.prepare('DELETE FROM learner_clusters WHERE learner_id = ?').run(learnerId);
  return ensureCluster(db, learnerId, provider, now);
}
