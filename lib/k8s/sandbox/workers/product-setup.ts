/**
 * The portal's sandbox worker: the product parts (the shared SQLite store file, in WAL mode:
 * each worker has its own connection and commits its own clusters' rows), every controller, the
 * scheduler and kubelets, and the portal's cluster operations (checks, clock, nodes).
 */
import { SandboxHost } from '../host';
import { sandboxParts } from '../parts';
import { productComponents } from '../components';
import { installTurns, PriorityTurns } from '../../../turns/turns';
import { handOverWantedClusters, openProductStore, sharedClusterRecords } from '../store/product-store';
import { clusterOperations } from '../../../lab/cluster-operations';
import { clusterStreams } from '../../../lab/cluster-streams';
import type { ClusterRecord } from '../records-file';
import type { SandboxWorkerData, WorkerSetup } from './worker-data';

export function createWorkerHost(data: SandboxWorkerData, reportRecords: (records: ClusterRecord[]) => void): WorkerSetup {
  if (!data.dataDir) throw new Error('a product sandbox worker needs the data directory');
  // The same store as the main thread's (KUBELAB_DATABASE_URL: PostgreSQL, leases under this process's shard id).
  const storeFile = openProductStore(data.dataDir);
  // One thread runs many clusters: requests and control planes go before kubelets (lib/turns/turns.ts).
  const turns = new PriorityTurns();
  installTurns(turns);
  const host = new SandboxHost({
    tls: data.tls,
    parts: (r) => sandboxParts({ clusterId: r.id, storeFile }),
    components: productComponents,
    maxActive: data.maxActive,
    idleMs: data.idleMs,
    minIdleToEvictMs: data.minIdleToEvictMs,
    reportRecords,
    // With PostgreSQL the worker reads a sleeping cluster's record again before it wakes it: another
    // shard may have run it since the main thread gave it (records-store.ts).
    records: sharedClusterRecords(storeFile),
  });
  // With PostgreSQL, a cluster another shard asks for sleeps here at the next lease renewal.
  handOverWantedClusters(storeFile, host);
  return { host, operations: clusterOperations, streams: clusterStreams, afterClose: () => storeFile.close(), turns };
}
